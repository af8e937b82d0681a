import { HttpError, parseRetryAfter } from '../../src/http/client.js';
import { limiterFor, sleep } from '../../src/http/rate-limiter.js';

export interface PostJsonOptions {
  userAgent: string;
  timeoutMs: number;
  retries: number;
  perSecond: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  backoffBaseMs?: number;
  maxWaitMs?: number;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * POST with a JSON body, for the NSM search API (the shared client only GETs). Same manners as the
 * polite client: the process-wide per-host limiter, the declared User-Agent, a timeout per attempt
 * and retries with back-off honouring Retry-After. Returns the parsed JSON answer.
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions): Promise<unknown> {
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
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'User-Agent': options.userAgent,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Accept-Encoding': 'gzip, deflate',
          ...options.headers,
        },
        body: JSON.stringify(body),
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      });
      status = response.status;
      if (response.ok) return JSON.parse(await response.text()) as unknown;
      await response.body?.cancel().catch(() => undefined);
      reason = `HTTP ${status}`;
      if (!RETRYABLE.has(status)) throw new HttpError(url, status, `${reason} for POST ${url}`);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== null && (status === 429 || status === 503)) waitMs = retryAfter;
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    last = new HttpError(url, status, `${reason} for POST ${url} after ${attempt + 1} attempt(s)`);
    if (attempt === options.retries) break;
    await sleep(Math.min(waitMs, maxWait), options.signal);
  }
  throw last ?? new HttpError(url, null, `request failed for POST ${url}`);
}
