import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { issueChallenge, meetsDifficulty, solveChallenge, verifyProof } from '../src/sandbox/challenge.js';
import { deriveSandboxKeys } from '../src/sandbox/keys.js';
import { PLAYGROUND_DIR } from '../src/sandbox/playground.js';
import { requiredDifficulty } from '../src/sandbox/policy.js';
import { CHROMIUM_PATH, launchChromium } from '../test/e2e/chromium.js';

/**
 * Grounds the sandbox defaults in numbers: how many challenges one core issues and verifies per
 * second (the server's side of the bargain), and how long the playground's worker takes in a real
 * browser to solve the default and the escalated difficulty (the honest visitor's side).
 */
export interface BenchRow {
  metric: string;
  value: number | null;
  unit: string;
  /** null for context rows (machine load), which have no target. */
  target: string | null;
  met: boolean | null;
}

const ISSUE_TARGET_PER_SECOND = 10_000;
const VERIFY_TARGET_PER_SECOND = 10_000;
const DEFAULT_SOLVE_TARGET_MS = 2_000;
const ESCALATED_SOLVE_TARGET_MS = 8_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `fn` repeatedly for about `ms` milliseconds; operations per second. */
function throughput(fn: (i: number) => void, ms = 1_000): number {
  for (let i = 0; i < 200; i += 1) fn(i); // warm-up
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 100; i += 1) fn(count + i);
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}

function serverSideRows(): BenchRow[] {
  const keys = deriveSandboxKeys(randomBytes(32));
  const fingerprintHash = randomBytes(16).toString('base64url');
  const now = new Date();
  const issuePerSecond = throughput(() => {
    issueChallenge(keys.signing, { fingerprintHash, difficulty: 16, now, ttlSeconds: 600 });
  });
  // Verifying costs one HMAC and one SHA-256 whatever the difficulty, so cheap 8-bit solutions do.
  const solved = Array.from({ length: 500 }, () => {
    const issued = issueChallenge(keys.signing, { fingerprintHash, difficulty: 8, now, ttlSeconds: 600 });
    return { challenge: issued.challenge, solution: solveChallenge(issued.challenge, 8) };
  });
  const verifyPerSecond = throughput((i) => {
    const proof = solved[i % solved.length]!;
    verifyProof(keys.signing, { ...proof, fingerprintHash, now });
  });
  return [
    {
      metric: 'challenge issue throughput (one core, HMAC-SHA256 signing)',
      value: round(issuePerSecond),
      unit: 'challenges/s',
      target: `>= ${ISSUE_TARGET_PER_SECOND}`,
      met: issuePerSecond >= ISSUE_TARGET_PER_SECOND,
    },
    {
      metric: 'proof verification throughput (one core: parse, signature, expiry, fingerprint, work)',
      value: round(verifyPerSecond),
      unit: 'verifications/s',
      target: `>= ${VERIFY_TARGET_PER_SECOND}`,
      met: verifyPerSecond >= VERIFY_TARGET_PER_SECOND,
    },
  ];
}

/** Median and p90 wall time of the playground's own worker solving `runs` fresh challenges. */
async function browserSolveTimes(difficulties: Array<{ bits: number; runs: number }>): Promise<Map<number, { times: number[]; hashRate: number; engine: string }>> {
  const worker = await readFile(path.join(PLAYGROUND_DIR, 'pow-worker.js'));
  // Served over http://127.0.0.1 (a secure context), as the page would be, so WebCrypto is available.
  const server = http.createServer((req, res) => {
    if (req.url === '/pow-worker.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(worker);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const results = new Map<number, { times: number[]; hashRate: number; engine: string }>();
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const keys = deriveSandboxKeys(randomBytes(32));
    for (const { bits, runs } of difficulties) {
      const times: number[] = [];
      let hashes = 0;
      let engine = '';
      for (let run = 0; run < runs; run += 1) {
        const { challenge } = issueChallenge(keys.signing, {
          fingerprintHash: randomBytes(16).toString('base64url'),
          difficulty: bits,
          now: new Date(),
          ttlSeconds: 600,
        });
        // Wall time as the visitor sees it: worker start-up included.
        const outcome = (await page.evaluate(`new Promise((resolve, reject) => {
          const started = performance.now();
          const w = new Worker('/pow-worker.js');
          w.onmessage = (e) => {
            if (e.data.type === 'solved') { w.terminate(); resolve({ ...e.data, wallMs: performance.now() - started }); }
            else if (e.data.type === 'error') { w.terminate(); reject(new Error(e.data.message)); }
          };
          w.postMessage({ challenge: ${JSON.stringify(challenge)}, difficulty: ${bits} });
        })`)) as { nonce: string; hashes: number; wallMs: number; elapsedMs: number; engine: string };
        if (!meetsDifficulty(challenge, outcome.nonce, bits)) throw new Error('the worker returned a wrong nonce');
        times.push(outcome.wallMs);
        hashes += outcome.hashes;
        engine = outcome.engine;
      }
      const totalSeconds = times.reduce((a, b) => a + b, 0) / 1000;
      results.set(bits, { times, hashRate: hashes / totalSeconds, engine });
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return results;
}

async function browserRows(): Promise<BenchRow[]> {
  const { sandbox } = loadConfig({});
  const base = requiredDifficulty(sandbox, 1);
  const escalated = requiredDifficulty(sandbox, sandbox.escalateFromCall);
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(`!!! CHROMIUM MISSING: ${CHROMIUM_PATH} not found; browser solve times not measured (apt-get install -y chromium) !!!`);
    return [
      { metric: `browser worker median solve time, ${base}-bit default`, value: null, unit: 'ms', target: `< ${DEFAULT_SOLVE_TARGET_MS}`, met: false },
    ];
  }
  const measured = await browserSolveTimes([
    { bits: base, runs: 15 },
    { bits: escalated, runs: 7 },
  ]);
  const atBase = measured.get(base)!;
  const atEscalated = measured.get(escalated)!;
  const baseMedian = median(atBase.times);
  const escalatedMedian = median(atEscalated.times);
  return [
    {
      metric: `browser worker median solve time, ${base}-bit default (${atBase.times.length} runs, ${atBase.engine}, headless Chromium)`,
      value: round(baseMedian),
      unit: 'ms',
      target: `< ${DEFAULT_SOLVE_TARGET_MS}`,
      met: baseMedian < DEFAULT_SOLVE_TARGET_MS,
    },
    {
      metric: `browser worker p90 solve time, ${base}-bit default`,
      value: round(percentile(atBase.times, 0.9)),
      unit: 'ms',
      target: `< ${DEFAULT_SOLVE_TARGET_MS * 2}`,
      met: percentile(atBase.times, 0.9) < DEFAULT_SOLVE_TARGET_MS * 2,
    },
    {
      metric: `browser worker median solve time, ${escalated}-bit escalated from call ${sandbox.escalateFromCall} (${atEscalated.times.length} runs)`,
      value: round(escalatedMedian),
      unit: 'ms',
      target: `< ${ESCALATED_SOLVE_TARGET_MS}`,
      met: escalatedMedian < ESCALATED_SOLVE_TARGET_MS,
    },
    {
      metric: 'browser worker hash rate (WebCrypto SHA-256, batched)',
      value: round((atBase.hashRate * atBase.times.length + atEscalated.hashRate * atEscalated.times.length) / (atBase.times.length + atEscalated.times.length)),
      unit: 'hashes/s',
      target: `>= ${Math.round(2 ** base / (DEFAULT_SOLVE_TARGET_MS / 1000))} (2^${base} expected hashes within ${DEFAULT_SOLVE_TARGET_MS / 1000} s)`,
      met: atBase.hashRate >= 2 ** base / (DEFAULT_SOLVE_TARGET_MS / 1000),
    },
  ];
}

export async function benchSandbox(): Promise<BenchRow[]> {
  // Two cores shared with other test suites: the load says how much to trust the timings.
  const load = { metric: 'machine.load_average_1m_at_start', value: round(os.loadavg()[0]!, 2), unit: 'runnable', target: null, met: null };
  return [load, ...serverSideRows(), ...(await browserRows())];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const rows = await benchSandbox();
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'sandbox.json'), `${JSON.stringify(rows, null, 2)}\n`);
  console.table(rows);
  process.exitCode = rows.every((row) => row.met !== false) ? 0 : 1;
}
