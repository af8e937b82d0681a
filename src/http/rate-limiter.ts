/**
 * Spaces calls so that no more than `perSecond` start in any one-second window. One instance per
 * remote host is shared by the whole process (see `limiterFor`), which is what fair-access
 * policies such as the SEC's 10 requests/s ask for.
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    if (!(perSecond > 0)) throw new Error(`rate must be positive, got ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may start its request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    const wait = slot - now;
    if (wait > 0) await sleep(wait, signal);
  }
}

const limiters = new Map<string, RateLimiter>();

/** The process-wide limiter of one host; the first caller's rate wins, a lower later rate tightens it. */
export function limiterFor(host: string, perSecond: number): RateLimiter {
  const existing = limiters.get(host);
  if (existing && existing.perSecond <= perSecond) return existing;
  const limiter = new RateLimiter(perSecond);
  limiters.set(host, limiter);
  return limiter;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
