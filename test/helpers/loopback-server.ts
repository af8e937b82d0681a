import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The request body as text ('' for none), e.g. a search API's JSON query. */
  body: string;
  at: number;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Serve this file's bytes as the body. */
  file?: string;
  /** Delay before answering, to exercise timeouts. */
  delayMs?: number;
}

export type Route = ScriptedResponse | ((req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>);

export interface LoopbackServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /**
   * Serve `route` for `path`: exact path + query, or path alone to match any query, or a prefix
   * ending in `*` (e.g. `/Archives/*`) to match everything below it.
   */
  route(path: string, route: Route): void;
  /** The next `count` requests to `path` get `response` before the normal route applies. */
  failNext(path: string, count: number, response: ScriptedResponse): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that serves corpus files under the regulators' own URL layout,
 * records every request (with its body), gzips when asked, and can script failures (429 + Retry-After, 500…).
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const routes = new Map<string, Route>();
  const failures = new Map<string, ScriptedResponse[]>();
  const requests: RecordedRequest[] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const at = Date.now();
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The client went away mid-body (a timeout test): record what arrived.
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at,
    };
    requests.push(recorded);
    try {
      const queued = failures.get(recorded.path) ?? failures.get(url.pathname);
      let scripted: ScriptedResponse | undefined = queued?.shift();
      if (!scripted) {
        const route =
          routes.get(recorded.path) ??
          routes.get(url.pathname) ??
          [...routes.entries()].find(([key]) => key.endsWith('*') && url.pathname.startsWith(key.slice(0, -1)))?.[1];
        scripted = route
          ? typeof route === 'function'
            ? await route(recorded)
            : route
          : { status: 404, body: `no route for ${recorded.path}` };
      }
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted!.delayMs));
      let body: Buffer = scripted.file
        ? await readFile(scripted.file)
        : Buffer.from(scripted.body ?? '');
      const headers: Record<string, string> = { ...scripted.headers };
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && body.length > 0) {
        body = zlib.gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = String(body.length);
      res.writeHead(scripted.status ?? 200, headers);
      res.end(body);
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (path, route) => routes.set(path, route),
    failNext: (path, count, response) =>
      failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: count }, () => response)]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
