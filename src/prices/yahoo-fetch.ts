import { parseRetryAfter } from '../http/client.js';
import { sleep, type RateLimiter } from '../http/rate-limiter.js';

/** Hosts yahoo-finance2 talks to (query1/query2 for data and the crumb, finance/fc for cookies). */
const YAHOO_HOST = /(^|\.)yahoo\.com$/i;

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

export class YahooHttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'YahooHttpError';
  }
}

export interface YahooFetchOptions {
  /** Send every Yahoo request here instead (scheme + host + port, no path); unset = the real hosts. */
  baseUrl?: string | undefined;
  limiter: RateLimiter;
  timeoutMs: number;
  retries: number;
  /** First back-off delay; doubles per attempt. */
  backoffBaseMs?: number;
  /** Upper bound on one wait, including a server's Retry-After. */
  maxWaitMs?: number;
  onRetry?: (info: { url: string; attempt: number; status: number | null; waitMs: number; reason: string }) => void;
  /** Aborts every request of this fetch (the job's stop signal): shutdown never waits on retries. */
  signal?: AbortSignal;
}

/** Where a Yahoo URL is really sent: same path and query on `baseUrl` when one is configured. */
export function rewriteYahooUrl(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const parsed = new URL(url);
  if (!YAHOO_HOST.test(parsed.hostname)) return url;
  return `${baseUrl.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}`;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

/**
 * The `fetch` handed to yahoo-finance2: every request (crumb and cookie steps included) waits for
 * the shared Yahoo rate limiter, has a timeout, is retried with back-off on 429/5xx and network
 * errors, and is redirected to `baseUrl` when one is set (tests, a caching proxy). A final HTTP
 * error status becomes a YahooHttpError carrying the start of Yahoo's answer, so the library never
 * has to print it.
 */
export function createYahooFetch(options: YahooFetchOptions): typeof fetch {
  const backoffBase = options.backoffBaseMs ?? 1000;
  const maxWait = options.maxWaitMs ?? 60_000;

  const yahooFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const original = urlOf(input);
    const target = rewriteYahooUrl(original, options.baseUrl);
    const stops = [init?.signal, options.signal].filter((x): x is AbortSignal => Boolean(x));
    if (stops.length > 0) init = { ...init, signal: stops.length === 1 ? stops[0]! : AbortSignal.any(stops) };
    let lastError: YahooHttpError | null = null;
    for (let attempt = 0; attempt <= options.retries; attempt++) {
      await options.limiter.acquire(init?.signal ?? undefined);
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let waitMs = backoffBase * 2 ** attempt;
      let status: number | null = null;
      let reason: string;
      try {
        const response = await fetch(target, { ...init, signal });
        status = response.status;
        if (status < 400) return response;
        const body = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 300);
        reason = `HTTP ${status}${body ? `: ${body}` : ''}`;
        if (!RETRYABLE.has(status)) throw new YahooHttpError(original, status, `${reason} for ${original}`);
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== null) waitMs = retryAfter;
      } catch (error) {
        if (error instanceof YahooHttpError) throw error;
        if (init?.signal?.aborted) throw init.signal.reason ?? error;
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      lastError = new YahooHttpError(original, status, `${reason} for ${original} after ${attempt + 1} attempt(s)`);
      if (attempt === options.retries) break;
      waitMs = Math.min(waitMs, maxWait);
      options.onRetry?.({ url: original, attempt: attempt + 1, status, waitMs, reason });
      await sleep(waitMs, init?.signal ?? undefined);
    }
    throw lastError ?? new YahooHttpError(original, null, `request failed for ${original}`);
  };
  return yahooFetch as typeof fetch;
}
