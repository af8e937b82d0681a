import http from 'node:http';

export interface ConstantRateOptions {
  /** Requests per second, sent evenly spaced (one every 1000/rate ms). */
  rate: number;
  durationS: number;
  /** Keep-alive connections the generator may open (requests beyond them queue in the agent). */
  maxSockets?: number;
  timeoutMs?: number;
}

export interface ConstantRateResult {
  p50: number;
  p99: number;
  max: number;
  completed: number;
  /** Completed requests ÷ seconds from the first scheduled send to the last response. */
  achievedRps: number;
  non2xx: number;
  errors: number;
}

/** The q-quantile (0 < q ≤ 1) of already sorted values: the smallest value with q of them at or below it. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

/**
 * An open-loop load at a constant rate, as "p99 at N requests/s" means: request i is due at
 * start + i/rate whatever happened to the earlier ones, and its latency runs from that due time
 * to the end of its response body. A server (or generator) that falls behind therefore shows the
 * whole wait in the latencies instead of hiding it (coordinated omission).
 *
 * autocannon's `overallRate` measures something else: each connection sends back-to-back until
 * its per-second budget is spent, so every second starts with a burst of the whole second's
 * requests at full concurrency, and its latency correction assumes a 1 ms interval.
 */
export function constantRateLoad(
  baseUrl: string,
  paths: readonly string[],
  headers: Record<string, string>,
  { rate, durationS, maxSockets = 64, timeoutMs = 10_000 }: ConstantRateOptions,
): Promise<ConstantRateResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const total = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let lastDoneAt = 0;
  const startAt = performance.now() + 10;

  return new Promise((resolve) => {
    const settle = (dueAt: number, ok: boolean, status?: number) => {
      const doneAt = performance.now();
      lastDoneAt = Math.max(lastDoneAt, doneAt);
      if (!ok) errors += 1;
      else {
        latencies.push(doneAt - dueAt);
        if (status === undefined || status < 200 || status >= 300) non2xx += 1;
      }
      settled += 1;
      if (settled === total) {
        agent.destroy();
        latencies.sort((a, b) => a - b);
        const round = (ms: number) => Math.round(ms * 10) / 10;
        resolve({
          p50: round(quantile(latencies, 0.5)),
          p99: round(quantile(latencies, 0.99)),
          max: round(latencies[latencies.length - 1] ?? Number.NaN),
          completed: latencies.length,
          achievedRps: Math.round((latencies.length / Math.max(1e-9, (lastDoneAt - startAt) / 1000)) * 10) / 10,
          non2xx,
          errors,
        });
      }
    };
    const send = (i: number) => {
      const dueAt = startAt + i * intervalMs;
      let done = false;
      const once = (ok: boolean, status?: number) => {
        if (done) return;
        done = true;
        settle(dueAt, ok, status);
      };
      const request = http.request(
        { host: base.hostname, port: base.port, path: paths[i % paths.length], headers, agent, timeout: timeoutMs },
        (response) => {
          response.on('data', () => {});
          response.on('end', () => once(true, response.statusCode));
          response.on('error', () => once(false));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => once(false));
      request.end();
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && startAt + sent * intervalMs <= now) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, startAt + sent * intervalMs - performance.now()));
    };
    setTimeout(tick, 10);
  });
}
