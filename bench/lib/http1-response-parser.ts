/**
 * The end of each HTTP/1.1 response on a keep-alive connection, found with as little work as
 * possible: the status line and the two framing headers are read, the body is only counted.
 * A load generator needs nothing more, and every microsecond it spends on a response is taken from
 * the two cores the server under test runs on (Node's http client spent ~0.6 ms per 80 KB page).
 */

export interface ParsedResponse {
  status: number;
  /** `Connection: close`: the server will not take another request on this connection. */
  close: boolean;
}

const MAX_HEAD_BYTES = 64 * 1024;

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'trailers' }
  | { kind: 'until-close' };

export class Http1ResponseParser {
  private state: State = { kind: 'head' };
  /** Bytes of a head or a line not yet terminated, across reads. */
  private pending = '';
  private current: ParsedResponse = { status: 0, close: false };

  /** True when the connection is between responses (nothing of the next one received yet). */
  get idle(): boolean {
    return this.state.kind === 'head' && this.pending.length === 0;
  }

  /** Feeds received bytes; returns the responses that ended in them, in order. Throws on garbage. */
  feed(data: Buffer): ParsedResponse[] {
    const done: ParsedResponse[] = [];
    let at = 0;
    while (at < data.length) {
      const state = this.state;
      switch (state.kind) {
        case 'head': {
          const head = this.takeLine(data, at, '\r\n\r\n');
          if (!head) return done;
          at = head.next;
          this.startBody(head.text, done);
          break;
        }
        case 'body': {
          const take = Math.min(state.remaining, data.length - at);
          state.remaining -= take;
          at += take;
          if (state.remaining === 0) this.finish(done);
          break;
        }
        case 'chunk-size':
        case 'trailers': {
          const taken = this.takeLine(data, at, '\r\n');
          if (!taken) return done;
          at = taken.next;
          const line = taken.text;
          if (state.kind === 'trailers') {
            if (line === '') this.finish(done);
            break;
          }
          const size = Number.parseInt(line.split(';', 1)[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) throw new Error(`bad chunk size line: ${JSON.stringify(line)}`);
          // Each chunk's data is followed by CRLF, counted with it; the last (empty) chunk is
          // followed by trailers and an empty line.
          this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: size + 2 };
          break;
        }
        case 'chunk-data': {
          const take = Math.min(state.remaining, data.length - at);
          state.remaining -= take;
          at += take;
          if (state.remaining === 0) this.state = { kind: 'chunk-size' };
          break;
        }
        case 'until-close':
          return done;
      }
    }
    return done;
  }

  /** The connection closed: a body delimited by the close ends here; anything else was cut short. */
  end(): ParsedResponse | null {
    if (this.state.kind === 'until-close') {
      this.state = { kind: 'head' };
      return this.current;
    }
    if (!this.idle) throw new Error('connection closed in the middle of a response');
    return null;
  }

  /**
   * The text up to `terminator` (which it consumes) and the offset after it, or null when `data`
   * ends first (the bytes are kept for the next read). latin1 maps bytes to characters one to one,
   * so string offsets are byte offsets.
   */
  private takeLine(data: Buffer, at: number, terminator: string): { text: string; next: number } | null {
    if (this.pending.length === 0) {
      const end = data.indexOf(terminator, at, 'latin1');
      if (end >= 0) return { text: data.toString('latin1', at, end), next: end + terminator.length };
    } else {
      // Rare: a head or line split across reads, possibly inside the terminator itself.
      const carried = this.pending.length;
      const joined = this.pending + data.toString('latin1', at);
      const end = joined.indexOf(terminator, Math.max(0, carried - terminator.length + 1));
      if (end >= 0) {
        this.pending = '';
        return { text: joined.slice(0, end), next: at + end + terminator.length - carried };
      }
    }
    this.pending += data.toString('latin1', at);
    if (this.pending.length > MAX_HEAD_BYTES) throw new Error('response head or chunk line too long');
    return null;
  }

  private startBody(head: string, done: ParsedResponse[]): void {
    const lines = head.split('\r\n');
    const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!statusMatch) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
    const status = Number(statusMatch[1]);
    let length: number | null = null;
    let chunked = false;
    let close = false;
    for (let i = 1; i < lines.length; i += 1) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.split(',').map((v) => v.trim()).includes('chunked');
      else if (name === 'connection') close = value.split(',').map((v) => v.trim()).includes('close');
    }
    this.current = { status, close };
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      this.finish(done);
    } else if (chunked) {
      this.state = { kind: 'chunk-size' };
    } else if (length !== null) {
      if (!Number.isSafeInteger(length) || length < 0) throw new Error('bad Content-Length');
      if (length === 0) this.finish(done);
      else this.state = { kind: 'body', remaining: length };
    } else {
      this.state = { kind: 'until-close' };
    }
  }

  private finish(done: ParsedResponse[]): void {
    done.push(this.current);
    this.state = { kind: 'head' };
  }
}
