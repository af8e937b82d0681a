import { lenientRequest, type TransportResponse } from './lenient-transport.js';
import { limiterFor, sleep } from './rate-limiter.js';

export interface HttpResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  text(): string;
}

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Statuses returned to the caller instead of thrown (e.g. 404 when absence is an answer). */
  acceptStatuses?: number[];
  /** Read the response with Node's lenient HTTP parser, for servers whose bytes fetch() refuses. */
  lenient?: boolean;
}

export interface HttpClient {
  get(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  /** POSTs a JSON body (search APIs that take their query that way). */
  postJson(url: string, body: unknown, options?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  userAgent: string;
  timeoutMs: number;
  retries: number;
  /** Requests per second per host; hosts not listed use `defaultPerSecond`. */
  perHostPerSecond?: Record<string, number>;
  defaultPerSecond?: number;
  /** First back-off delay; doubles per attempt, with jitter. */
  backoffBaseMs?: number;
  /** Upper bound on any single wait, including a server's Retry-After. */
  maxWaitMs?: number;
  /**
   * Cross-process slot reservation (see shared-rate-limiter.ts): resolves to the milliseconds to
   * wait before sending. The in-process limiter still applies on top.
   */
  reserveSlot?: (host: string, perSecond: number) => Promise<number>;
  onRetry?: (info: { url: string; attempt: number; status: number | null; waitMs: number; reason: string }) => void;
}

export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Requests are spaced 10% wider than the allowed rate: network and event-loop jitter between a
 * granted slot and the request's arrival then never puts more than the allowed number of requests
 * into any one-second window at the server.
 */
export const RATE_HEADROOM = 0.9;

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/**
 * The one polite HTTP client every fetcher uses: per-host rate limit shared by the process,
 * declared User-Agent, gzip (fetch decodes it), a timeout per attempt, and retries with
 * exponential back-off that honour Retry-After on 429/503.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const backoffBase = options.backoffBaseMs ?? 500;
  const maxWait = options.maxWaitMs ?? 120_000;

  async function attempt(url: string, opts: HttpRequestOptions, method: 'GET' | 'POST', body?: string): Promise<TransportResponse> {
    const host = new URL(url).host;
    const perSecond = (options.perHostPerSecond?.[host] ?? options.defaultPerSecond ?? 5) * RATE_HEADROOM;
    await limiterFor(host, perSecond).acquire(opts.signal);
    if (options.reserveSlot) {
      const waitMs = await options.reserveSlot(host, perSecond);
      if (waitMs > 0) await sleep(waitMs, opts.signal);
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers = {
      'User-Agent': options.userAgent,
      'Accept-Encoding': 'gzip, deflate',
      ...(body !== undefined ? { 'Content-Type': 'application/json', Accept: 'application/json' } : {}),
      ...opts.headers,
    };
    if (opts.lenient) return lenientRequest(url, { method, headers, body, signal });
    const response = await fetch(url, { method, headers, body, signal, redirect: 'follow' });
    return {
      url: response.url || url,
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: async () => Buffer.from(await response.arrayBuffer()),
      discard: async () => void (await response.body?.cancel().catch(() => undefined)),
    };
  }

  async function request(url: string, opts: HttpRequestOptions, method: 'GET' | 'POST', payload?: string): Promise<HttpResponse> {
    let lastError: HttpError | null = null;
    for (let attemptNo = 0; attemptNo <= options.retries; attemptNo++) {
      let status: number | null = null;
      let waitMs = backoffBase * 2 ** attemptNo * (0.75 + Math.random() * 0.5);
      let reason: string;
      try {
        const response = await attempt(url, opts, method, payload);
        status = response.status;
        if ((status >= 200 && status < 300) || opts.acceptStatuses?.includes(status)) {
          const body = await response.body();
          return { url: response.url, status, headers: response.headers, body, text: () => body.toString('utf8') };
        }
        await response.discard();
        reason = `HTTP ${status} ${response.statusText}`.trim();
        if (!RETRYABLE.has(status)) throw new HttpError(url, status, `${reason} for ${method} ${url}`);
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== null && (status === 429 || status === 503)) waitMs = retryAfter;
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (opts.signal?.aborted) throw opts.signal.reason ?? error;
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      lastError = new HttpError(url, status, `${reason} for ${method} ${url} after ${attemptNo + 1} attempt(s)`);
      if (attemptNo === options.retries) break;
      waitMs = Math.min(waitMs, maxWait);
      options.onRetry?.({ url, attempt: attemptNo + 1, status, waitMs, reason });
      await sleep(waitMs, opts.signal);
    }
    throw lastError ?? new HttpError(url, null, `request failed for ${method} ${url}`);
  }

  return {
    get: (url, opts = {}) => request(url, opts, 'GET'),
    postJson: (url, body, opts = {}) => request(url, opts, 'POST', JSON.stringify(body)),
  };
}
