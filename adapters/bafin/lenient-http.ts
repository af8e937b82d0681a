import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { HttpError, parseRetryAfter } from '../../src/http/client.js';
import { limiterFor, sleep } from '../../src/http/rate-limiter.js';

export interface LenientResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface LenientGetOptions {
  userAgent: string;
  timeoutMs: number;
  retries: number;
  /** Requests per second to this host; shares the process-wide limiter with the polite client. */
  perSecond: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  backoffBaseMs?: number;
  maxWaitMs?: number;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

function once(url: string, options: LenientGetOptions): Promise<LenientResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'GET',
        // BaFin's portal answers with header bytes Node's strict parser (and fetch) reject.
        insecureHTTPParser: true,
        headers: { 'User-Agent': options.userAgent, 'Accept-Encoding': 'gzip, deflate', ...options.headers },
        signal: options.signal,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            const raw = Buffer.concat(chunks);
            const encoding = response.headers['content-encoding'];
            resolve({
              url,
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: decode(raw, Array.isArray(encoding) ? encoding[0] : encoding),
            });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  });
}

/**
 * GET through Node's lenient HTTP parser, for servers whose responses fetch() refuses. Same manners
 * as the polite client: the per-host limiter, the declared User-Agent, gzip, a timeout per attempt,
 * and retries with exponential back-off that honour Retry-After.
 */
export async function lenientGet(url: string, options: LenientGetOptions): Promise<LenientResponse> {
  const host = new URL(url).host;
  const backoffBase = options.backoffBaseMs ?? 500;
  const maxWait = options.maxWaitMs ?? 120_000;
  let last: HttpError | null = null;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    await limiterFor(host, options.perSecond).acquire(options.signal);
    let waitMs = backoffBase * 2 ** attempt * (0.75 + Math.random() * 0.5);
    let status: number | null = null;
    let reason: string;
    try {
      const response = await once(url, options);
      status = response.status;
      if (status >= 200 && status < 300) return response;
      reason = `HTTP ${status}`;
      if (!RETRYABLE.has(status)) throw new HttpError(url, status, `${reason} for ${url}`);
      const header = response.headers['retry-after'];
      const retryAfter = parseRetryAfter(Array.isArray(header) ? (header[0] ?? null) : (header ?? null));
      if (retryAfter !== null && (status === 429 || status === 503)) waitMs = retryAfter;
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      reason = error instanceof Error ? error.message : String(error);
    }
    last = new HttpError(url, status, `${reason} for ${url} after ${attempt + 1} attempt(s)`);
    if (attempt === options.retries) break;
    await sleep(Math.min(waitMs, maxWait), options.signal);
  }
  throw last ?? new HttpError(url, null, `request failed for ${url}`);
}
