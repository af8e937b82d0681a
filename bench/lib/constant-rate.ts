import { Http1Pool } from './http1-pool.js';

export interface ConstantRateOptions {
  /** Requests per second, sent evenly spaced (one every 1000/rate ms). */
  rate: number;
  durationS: number;
  /** Keep-alive connections the generator may open (requests beyond them wait for a free one). */
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
  /** The generator's own CPU time (this process) per request: what it takes from the server's cores. */
  generatorCpuMsPerRequest: number;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
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
 *
 * Requests go out on raw keep-alive sockets (Http1Pool): the generator shares the machine with the
 * server, and Node's http client cost about twice as much CPU per 80 KB page.
 */
export function constantRateLoad(
  baseUrl: string,
  paths: readonly string[],
  headers: Record<string, string>,
  { rate, durationS, maxSockets = 64, timeoutMs = 10_000 }: ConstantRateOptions,
): Promise<ConstantRateResult> {
  const pool = new Http1Pool(new URL(baseUrl), paths, headers, { maxSockets, timeoutMs });
  const total = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let sent = 0;
  let settled = 0;
  let non2xx = 0;
  let errors = 0;
  let lastDoneAt = 0;
  const startAt = performance.now() + 10;
  const cpuAtStart = process.cpuUsage();

  return new Promise((resolve) => {
    const settle = (dueAt: number, status: number | null) => {
      const doneAt = performance.now();
      lastDoneAt = Math.max(lastDoneAt, doneAt);
      if (status === null) errors += 1;
      else {
        latencies.push(doneAt - dueAt);
        if (status < 200 || status >= 300) non2xx += 1;
      }
      settled += 1;
      if (settled === total) {
        pool.destroy();
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
          generatorCpuMsPerRequest: Math.round(cpuMs(process.cpuUsage(cpuAtStart)) / total * 1000) / 1000,
        });
      }
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && startAt + sent * intervalMs <= now) {
        const dueAt = startAt + sent * intervalMs;
        pool.request(sent % paths.length, (status) => settle(dueAt, status));
        sent += 1;
      }
      if (sent < total) setTimeout(tick, Math.max(0, startAt + sent * intervalMs - performance.now()));
    };
    setTimeout(tick, 10);
  });
}
