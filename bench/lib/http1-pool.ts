import net from 'node:net';
import { Http1ResponseParser } from './http1-response-parser.js';

/** Called once per request: the response status, or null when it failed (refused, reset, timeout, garbage). */
export type RequestDone = (status: number | null) => void;

interface Connection {
  socket: net.Socket;
  parser: Http1ResponseParser;
  inFlight: RequestDone | null;
}

/**
 * Keep-alive HTTP/1.1 GET connections to one server, one request at a time per connection, at
 * most `maxSockets` of them; requests beyond wait for the first free connection, in order. Request
 * bytes are built once per path. Cheap by design: see Http1ResponseParser.
 */
export class Http1Pool {
  private readonly requests: Buffer[];
  private readonly idle: Connection[] = [];
  private readonly waiting: Array<{ pathIndex: number; done: RequestDone }> = [];
  private destroyed = false;
  /** Every open connection, idle or busy. */
  private readonly all = new Set<Connection>();

  constructor(
    private readonly url: URL,
    paths: readonly string[],
    headers: Record<string, string>,
    private readonly options: { maxSockets: number; timeoutMs: number },
  ) {
    const headerLines = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    this.requests = paths.map((p) => Buffer.from(`GET ${p} HTTP/1.1\r\nHost: ${url.host}\r\n${headerLines}\r\n`, 'latin1'));
  }

  /** Sends GET paths[pathIndex] on a free connection, or queues it until one frees up. */
  request(pathIndex: number, done: RequestDone): void {
    if (this.destroyed) return done(null);
    const connection = this.freeConnection();
    if (!connection) {
      this.waiting.push({ pathIndex, done });
      return;
    }
    this.send(connection, pathIndex, done);
  }

  destroy(): void {
    this.destroyed = true;
    for (const c of this.all) c.socket.destroy();
    for (const w of this.waiting.splice(0)) w.done(null);
  }

  private send(connection: Connection, pathIndex: number, done: RequestDone): void {
    connection.inFlight = done;
    connection.socket.setTimeout(this.options.timeoutMs);
    connection.socket.write(this.requests[pathIndex]!);
  }

  /** An idle connection, else a new one while under maxSockets, else null. */
  private freeConnection(): Connection | null {
    return this.idle.pop() ?? (this.all.size < this.options.maxSockets ? this.connect() : null);
  }

  /** Closes a connection and forgets it; false when it was already gone. */
  private retire(connection: Connection): boolean {
    if (!this.all.delete(connection)) return false;
    const index = this.idle.indexOf(connection);
    if (index >= 0) this.idle.splice(index, 1);
    connection.socket.destroy();
    return true;
  }

  private connect(): Connection {
    const socket = net.connect({ host: this.url.hostname, port: Number(this.url.port || 80), noDelay: true });
    const connection: Connection = { socket, parser: new Http1ResponseParser(), inFlight: null };
    this.all.add(connection);
    const fail = () => {
      if (!this.retire(connection)) return;
      const done = connection.inFlight;
      connection.inFlight = null;
      done?.(null);
      this.next();
    };
    socket.on('data', (data: Buffer) => {
      let responses;
      try {
        responses = connection.parser.feed(data);
      } catch {
        return fail();
      }
      for (const response of responses) {
        // A response nobody asked for: the connection is out of step, drop it.
        if (!connection.inFlight) return fail();
        this.complete(connection, response.status, response.close);
      }
    });
    socket.on('end', () => {
      try {
        const last = connection.parser.end();
        if (last) return this.complete(connection, last.status, true);
      } catch {
        // cut short: fail below
      }
      fail();
    });
    socket.on('timeout', fail);
    socket.on('error', fail);
    socket.on('close', fail);
    return connection;
  }

  private complete(connection: Connection, status: number, close: boolean): void {
    const done = connection.inFlight;
    connection.inFlight = null;
    connection.socket.setTimeout(0);
    if (close) {
      // Not reusable: the callback still gets its status, the slot goes to a new connection.
      this.retire(connection);
      done?.(status);
      this.next();
      return;
    }
    done?.(status);
    this.idle.push(connection);
    this.next();
  }

  /** Hands the oldest waiting request a free (or new) connection. */
  private next(): void {
    if (this.destroyed || this.waiting.length === 0) return;
    const connection = this.freeConnection();
    if (!connection) return;
    const w = this.waiting.shift()!;
    this.send(connection, w.pathIndex, w.done);
  }
}
