/**
 * API benchmark (`npm run bench:api` → bench/results/api.json).
 *
 * 1. A database with ≥ 1,000,000 generated declarations (bench/dataset.ts): BENCH_DATABASE_URL, or
 *    an embedded PostgreSQL under ./data/bench that is kept between runs (regenerated when the
 *    requested size or seed changes).
 * 2. The API in its own processes (this file with `--serve api`), and a bare Koa route returning a
 *    constant in others (`--serve ceiling`): the framework's ceiling on this machine. Both run as
 *    many processes as `npm start` would (BENCH_API_PROCESSES, else SIGMA_API_PROCESSES, else one
 *    per CPU).
 * 3. Each endpoint at a constant 500 requests/s, evenly spaced and open-loop (bench/lib/constant-rate.ts:
 *    p50/p99 latency from each request's due time, and the generator's own CPU per request), then
 *    autocannon flat out with 32 connections (requests/s, compared with the ceiling: the higher of
 *    a run before the endpoints and one after them, so a run held down by the machine's other work
 *    cannot flatter the ratios).
 *
 *    Before the endpoints, what bounds any keyed listing (`bound.*`, each flat out against the
 *    ceiling): a constant behind the API's key checks, the same route answering with a real page
 *    of 50 declarations held in memory (what a response cache would serve at best), and bare Koa
 *    answering with that page as ready bytes and serialized per request. Every flat-out run also reports the
 *    CPU each request cost the server's processes, PostgreSQL and the load generator (from /proc),
 *    so a throughput can be read as two cores divided by what one request costs.
 *
 * 4. The sandbox rows of bench/sandbox.ts (challenge throughput, browser solve time).
 *
 * Env: BENCH_DECLARATIONS (1000000), BENCH_SEED (42), BENCH_DURATION_S (10), BENCH_RATE (500),
 * BENCH_API_PROCESSES (auto).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cluster from 'node:cluster';
import autocannon from 'autocannon';
import Koa from 'koa';
import { z } from 'zod';
import { createApp } from '../src/api/app.js';
import { RawJson } from '../src/api/raw-json.js';
import { defineRoute } from '../src/api/types.js';
import { startApiProcesses } from '../src/api/processes.js';
import { createAccount } from '../src/auth/accounts.js';
import { createApiKey } from '../src/auth/keys.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { createDb, type Db } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';
import { createLogger, silentLogger } from '../src/log.js';
import { generateDataset } from './dataset.js';
import { constantRateLoad } from './lib/constant-rate.js';
import { cpuSnapshot, cpuSpentMs, processTree, type CpuSnapshot } from './lib/process-cpu.js';
import { benchSandbox } from './sandbox.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger('info', { bench: 'api' });

interface ResultRow {
  metric: string;
  value: number;
  unit: string;
  target: string | null;
  met: boolean | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * API processes per server, as `npm start` runs them (SIGMA_API_PROCESSES, "auto" = one per CPU);
 * the ceiling runs as many, so the ratio compares like with like.
 */
function apiProcessCount(): number {
  return loadConfig({ SIGMA_API_PROCESSES: process.env.BENCH_API_PROCESSES ?? process.env.SIGMA_API_PROCESSES }).apiProcesses;
}

/**
 * The bare routes. `ceiling`: a constant of 11 bytes (the issue's ceiling). The others answer with
 * the bytes of a real page of 50 declarations (BENCH_LISTING_FILE): `listing-bytes` sends them as
 * they are (the cost of moving a listing-sized response), `listing-json` as an object that Koa
 * serializes on every request (the cost of producing its JSON once per request, without a database).
 */
function bareApp(kind: string): Koa {
  const app = new Koa();
  if (kind === 'ceiling') {
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    return app;
  }
  const listing = readFileSync(process.env.BENCH_LISTING_FILE!);
  const listingObject: unknown = JSON.parse(listing.toString('utf8'));
  app.use((ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = kind === 'listing-bytes' ? listing : listingObject;
  });
  return app;
}

/**
 * The API, or (`keyed-constant`) one keyed route that answers a constant through the API's whole
 * middleware chain: authentication and the count against the key's limits in PostgreSQL (the
 * process's AdmissionQueue), validation, meta. No endpoint needing a key can be faster.
 * `keyed-listing-memory`: the same route answering with a real page of 50 declarations held in
 * memory as bytes (BENCH_LISTING_FILE, its meta replaced by the request's own): what a keyed
 * listing would cost if it never queried or serialized anything, as a response cache would serve it.
 */
function apiApp(kind: string, databaseUrl: string): Koa {
  const db = createDb(databaseUrl, 10);
  const config = loadConfig({ DATABASE_URL: databaseUrl, SIGMA_SOURCES: 'sec,fca,amf,bafin,sedi,six,consob,cnmv,afm' });
  const routes =
    kind === 'keyed-constant'
      ? [keyedBenchRoute('benchConstant', '/bench-constant', 'A constant behind the API key checks', { ok: true })]
      : kind === 'keyed-listing-memory'
        ? [
            keyedBenchRoute(
              'benchListingFromMemory',
              '/bench-listing',
              'A page of declarations held in memory, behind the API key checks',
              listingPageWithoutMeta(process.env.BENCH_LISTING_FILE!),
            ),
          ]
        : undefined;
  return createApp({ db, config, log: silentLogger, ...(routes ? { routes } : {}) }) as unknown as Koa;
}

/** A route with no parameters answering `body` through the API's whole keyed middleware chain. */
function keyedBenchRoute(name: string, routePath: string, summary: string, body: object) {
  return defineRoute({
    name,
    path: routePath,
    summary,
    tag: 'Bench',
    query: z.object({}).strict(),
    response: z.unknown(),
    listing: false,
    sandbox: false,
    handler: () => Promise.resolve(body),
  });
}

/** A listing's bytes without their `meta`, which the API's timing middleware appends per request. */
function listingPageWithoutMeta(file: string): RawJson {
  const { meta: _meta, ...page } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return new RawJson(JSON.stringify(page));
}

/** Child mode: serve the API or the ceiling route until killed (several processes: src/api/processes.ts). */
async function serve(kind: string, databaseUrl: string | undefined): Promise<void> {
  const count = apiProcessCount();
  if (count > 1 && cluster.isPrimary) {
    const processes = await startApiProcesses({ count, env: {}, log: silentLogger });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void processes.stop().then(() => process.exit(0)));
    process.stdout.write(`LISTENING ${processes.port}\n`);
    return;
  }
  const app = kind === 'api' || kind.startsWith('keyed-') ? apiApp(kind, databaseUrl!) : bareApp(kind);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`LISTENING ${(server.address() as net.AddressInfo).port}\n`);
  });
}

function startChild(kind: string, databaseUrl?: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/api.ts'), '--serve', kind], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_CHILD_DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /LISTENING (\d+)/.exec(buffer);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function ensureDataset(db: Db, declarations: number, seed: number): Promise<void> {
  await db.raw('create table if not exists bench_dataset (seed integer, declarations integer, generated_at timestamptz)');
  const existing = await db('bench_dataset').first();
  if (existing && existing.seed === seed && existing.declarations === declarations) {
    log.info('reusing the generated dataset', { declarations, seed });
    return;
  }
  log.info('generating the dataset (a few minutes for a million declarations)', { declarations, seed });
  await db.raw('truncate backtest_returns, signals, declarations, company_identifiers, companies, insiders, api_keys, accounts cascade');
  await db('bench_dataset').del();
  const started = Date.now();
  const summary = await generateDataset(db, { declarations, seed });
  await db('bench_dataset').insert({ seed, declarations, generated_at: new Date() });
  log.info('dataset generated', { ...summary, seconds: Math.round((Date.now() - started) / 1000) });
}

/** The issue's target: /declarations at least this share of the ceiling's requests/s. */
const CEILING_RATIO_TARGET = 0.25;

interface Scenario {
  name: string;
  paths: string[];
  /** Compared with the ceiling (target: at least 25% of its requests/s). */
  ceilingTarget: boolean;
}

async function buildScenarios(db: Db): Promise<Scenario[]> {
  const companies = (await db('declarations as d')
    .join('companies as c', 'c.id', 'd.company_id')
    .where('d.is_canonical', true)
    .groupBy('c.id')
    .orderByRaw('count(*) desc')
    .offset(20)
    .limit(200)
    .select('c.slug', 'c.name')) as Array<{ slug: string; name: string }>;
  const ids = (await db.raw("select id from declarations tablesample system (1) where is_canonical limit 2000")).rows as Array<{ id: string }>;
  const insiders = (await db.raw('select name from insiders tablesample system (5) limit 300')).rows as Array<{ name: string }>;
  // Polling windows end at the dataset's newest publication, not at the clock: a dataset kept
  // between runs would otherwise offer smaller pages (then empty ones) the older it gets.
  const newest = new Date((await db('declarations').max({ at: 'pub_date' }).first())!.at as Date);
  const since = (minutesAgo: number) => encodeURIComponent(new Date(newest.getTime() - minutesAgo * 60_000).toISOString());
  const markets = ['us', 'us', 'us', 'uk', 'fr', 'de'];
  return [
    {
      name: 'declarations_market_minscore_by_score',
      paths: markets.flatMap((m) => [60, 70, 80].map((s) => `/api/v1/declarations?market=${m}&minScore=${s}&sort=signalScore&order=desc&limit=50`)),
      ceilingTarget: true,
    },
    {
      name: 'declarations_company',
      paths: companies.map((c) => `/api/v1/declarations?company=${encodeURIComponent(c.name)}&limit=50`),
      ceilingTarget: true,
    },
    {
      name: 'declarations_since_polling',
      paths: [5, 15, 30, 60, 120, 240].map((m) => `/api/v1/declarations?since=${since(m)}&sort=pubDate&order=asc&limit=200`),
      ceilingTarget: true,
    },
    { name: 'declaration_by_id', paths: ids.map((r) => `/api/v1/declarations/${encodeURIComponent(r.id)}`), ceilingTarget: false },
    { name: 'company_flow', paths: companies.map((c) => `/api/v1/companies/${c.slug}/flow`), ceilingTarget: false },
    {
      name: 'search',
      paths: [
        ...companies.slice(0, 100).map((c) => `/api/v1/search?q=${encodeURIComponent(c.name.split(' ').slice(0, 2).join(' '))}`),
        ...insiders.slice(0, 100).map((i) => `/api/v1/search?q=${encodeURIComponent(i.name.split(' ')[1] ?? i.name)}`),
      ],
      ceilingTarget: false,
    },
  ];
}

/** Which processes serve: the server child's tree, and PostgreSQL's (the embedded one's, else every `postgres`). */
interface ServerProcesses {
  serverPid: number;
  embeddedPostgres: boolean;
}

/** `<prefix>.{api,postgres,load_generator}_cpu_ms_per_request_at_max`: where a flat-out run's CPU went. */
function cpuRows(prefix: string, cpu: ReturnType<typeof cpuPerRequest> | null): ResultRow[] {
  if (!cpu) return [];
  const rows: ResultRow[] = [];
  const add = (who: string, value: number | null, unit: string) => {
    if (value !== null) rows.push({ metric: `${prefix}.${who}_cpu_ms_per_request_at_max`, value, unit, target: null, met: null });
  };
  add('api', cpu.api, 'ms (all API or server processes)');
  add('postgres', cpu.postgres, 'ms (all PostgreSQL processes)');
  add('load_generator', cpu.generator, 'ms (autocannon, same cores)');
  return rows;
}

/** CPU per request of the server's processes, PostgreSQL's and this process (the load generator). */
function cpuPerRequest(before: CpuSnapshot | null, after: CpuSnapshot | null, generatorMs: number, requests: number, processes: ServerProcesses) {
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, requests)) * 1000) / 1000;
  if (!before || !after) return { api: null, postgres: null, generator: perRequest(generatorMs) };
  const server = processTree(after, processes.serverPid);
  const ours = processTree(after, process.pid);
  return {
    api: perRequest(cpuSpentMs(before, after, (p) => server.has(p.pid))),
    postgres: perRequest(cpuSpentMs(before, after, (p) => p.command === 'postgres' && (!processes.embeddedPostgres || ours.has(p.pid)))),
    generator: perRequest(generatorMs),
  };
}

async function load(
  url: string,
  paths: string[],
  headers: Record<string, string>,
  options: { duration: number; connections: number; processes?: ServerProcesses },
) {
  const before = options.processes ? cpuSnapshot() : null;
  const generatorAtStart = process.cpuUsage();
  let i = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          request.path = paths[i % paths.length]!;
          i += 1;
          return request;
        },
      },
    ],
  });
  // Taken before the pooled database connections can close, so their backends are counted.
  const after = options.processes ? cpuSnapshot() : null;
  const generator = process.cpuUsage(generatorAtStart);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpu: options.processes ? cpuPerRequest(before, after, (generator.user + generator.system) / 1000, result.requests.total, options.processes) : null,
  };
}

/**
 * Context for a missed latency target: the highest of a few constant rates (fractions of the
 * endpoint's flat-out throughput) at which p99 stays within 25 ms, 0 if none does.
 */
async function sustainableRate(url: string, paths: string[], headers: Record<string, string>, maxRps: number) {
  for (const share of [0.8, 0.6, 0.4, 0.2, 0.1]) {
    const rate = Math.max(1, Math.round(maxRps * share));
    const run = await constantRateLoad(url, paths, headers, { rate, durationS: 5 });
    if (run.p99 <= 25 && run.errors === 0 && run.non2xx === 0) return { rate, p99: run.p99 };
  }
  return { rate: 0, p99: null };
}

/**
 * What bounds a keyed listing before any query runs, each served flat out like the ceiling and
 * compared with it: a constant behind the API's key checks (the admission in PostgreSQL that
 * every keyed endpoint pays), and bare Koa answering with a real page of 50
 * declarations, once as ready bytes and once serialized per request.
 */
async function upperBounds(options: {
  apiUrl: string;
  databaseUrl: string;
  embeddedPostgres: boolean;
  headers: Record<string, string>;
  listingPath: string;
  ratioRow: (metric: string, rps: number, withTarget: boolean) => ResultRow;
  duration: number;
}): Promise<ResultRow[]> {
  const listing = await fetch(`${options.apiUrl}${options.listingPath}`, { headers: options.headers });
  if (listing.status !== 200) throw new Error(`the listing for the upper bounds answered ${listing.status}`);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'sigma-bench-'));
  const listingFile = path.join(directory, 'listing.json');
  const listingBytes = Buffer.from(await listing.arrayBuffer());
  await writeFile(listingFile, listingBytes);
  const bounds = [
    { kind: 'keyed-constant', metric: 'bound.keyed_constant', path: '/api/v1/bench-constant', unit: 'req/s (11-byte constant behind the key checks)' },
    {
      kind: 'keyed-listing-memory',
      metric: 'bound.keyed_listing_from_memory',
      path: '/api/v1/bench-listing',
      unit: 'req/s (the same page held in memory as bytes, behind the key checks)',
    },
    { kind: 'listing-bytes', metric: 'bound.bare_koa_listing_bytes', path: '/', unit: 'req/s (a 50-declaration page as ready bytes)' },
    { kind: 'listing-json', metric: 'bound.bare_koa_listing_serialized', path: '/', unit: 'req/s (the same page serialized per request)' },
  ];
  const rows: ResultRow[] = [
    { metric: 'bound.listing_page_bytes', value: listingBytes.length, unit: 'bytes', target: null, met: null },
  ];
  try {
    for (const bound of bounds) {
      const server = await startChild(bound.kind, options.databaseUrl, { BENCH_LISTING_FILE: listingFile });
      try {
        await load(server.url, [bound.path], options.headers, { duration: 2, connections: 32 });
        const run = await load(server.url, [bound.path], options.headers, {
          duration: options.duration,
          connections: 32,
          processes: { serverPid: server.child.pid!, embeddedPostgres: options.embeddedPostgres },
        });
        log.info(bound.metric, run);
        if (run.non2xx > 0 || run.errors > 0) throw new Error(`${bound.metric}: ${run.non2xx} non-2xx responses and ${run.errors} errors`);
        rows.push(
          { metric: `${bound.metric}.requests_per_s`, value: Math.round(run.rps), unit: bound.unit, target: null, met: null },
          options.ratioRow(`${bound.metric}.ratio_to_ceiling`, run.rps, false),
          ...cpuRows(bound.metric, run.cpu),
        );
      } finally {
        server.child.kill('SIGTERM');
      }
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const declarations = Number(process.env.BENCH_DECLARATIONS ?? 1_000_000);
  const seed = Number(process.env.BENCH_SEED ?? 42);
  const duration = Number(process.env.BENCH_DURATION_S ?? 10);
  const rate = Number(process.env.BENCH_RATE ?? 500);
  const loadAtStart = os.loadavg()[0]!;

  const embedded = process.env.BENCH_DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(ROOT, 'data/bench'), port: await freePort(), log });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? embedded!.url;
  const db = createDb(databaseUrl, 4);
  const children: ChildProcess[] = [];
  try {
    await migrateLatest(db);
    await ensureDataset(db, declarations, seed);
    const account = await createAccount(db, { name: 'bench', plan: 'pro', dailyQuota: 2_000_000_000, burstPerSecond: 1_000_000 });
    const key = (await createApiKey(db, account.id, `bench ${new Date().toISOString()}`)).key;
    const scenarios = await buildScenarios(db);

    const ceiling = await startChild('ceiling');
    children.push(ceiling.child);
    const api = await startChild('api', databaseUrl);
    children.push(api.child);
    const headers = { authorization: `Bearer ${key}` };

    await load(ceiling.url, ['/'], {}, { duration: 2, connections: 32 }); // warm-up
    const embeddedPostgres = embedded !== null;
    const ceilingRun = await load(ceiling.url, ['/'], {}, { duration, connections: 32, processes: { serverPid: ceiling.child.pid!, embeddedPostgres } });
    log.info('ceiling', ceilingRun);
    const rows: ResultRow[] = [
      // Context: the machine's other work competes for the same two cores.
      { metric: 'machine.load_average_1m_at_start', value: Math.round(loadAtStart * 100) / 100, unit: 'runnable', target: null, met: null },
      { metric: 'machine.cpus', value: os.cpus().length, unit: 'cores', target: null, met: null },
      { metric: 'machine.api_processes', value: apiProcessCount(), unit: 'processes (API and ceiling each)', target: null, met: null },
      { metric: 'ceiling.bare_koa.requests_per_s', value: Math.round(ceilingRun.rps), unit: 'req/s', target: null, met: null },
      ...cpuRows('ceiling.bare_koa', ceilingRun.cpu),
    ];

    // Ratios are filled in at the end, against the higher of the two ceiling runs (see below).
    const ratioRows: Array<{ row: ResultRow; rps: number }> = [];
    const ratioRow = (metric: string, rps: number, withTarget: boolean): ResultRow => {
      const row: ResultRow = { metric, value: Number.NaN, unit: 'ratio', target: withTarget ? `>= ${CEILING_RATIO_TARGET}` : null, met: null };
      ratioRows.push({ row, rps });
      return row;
    };
    rows.push(...(await upperBounds({ apiUrl: api.url, databaseUrl, embeddedPostgres, headers, listingPath: scenarios[0]!.paths[0]!, ratioRow, duration })));

    for (const s of scenarios) {
      await load(api.url, s.paths, headers, { duration: 2, connections: 8 }); // warm-up
      const fixed = await constantRateLoad(api.url, s.paths, headers, { rate, durationS: duration });
      const flat = await load(api.url, s.paths, headers, { duration, connections: 32, processes: { serverPid: api.child.pid!, embeddedPostgres } });
      const sustainable = await sustainableRate(api.url, s.paths, headers, flat.rps);
      log.info(s.name, { fixed, flat, sustainable });
      const clean = fixed.non2xx === 0 && fixed.errors === 0 && flat.non2xx === 0 && flat.errors === 0;
      rows.push(
        { metric: `${s.name}.p50_at_${rate}rps`, value: fixed.p50, unit: 'ms', target: null, met: null },
        { metric: `${s.name}.p99_at_${rate}rps`, value: fixed.p99, unit: 'ms', target: '<= 25', met: fixed.p99 <= 25 && fixed.achievedRps >= rate * 0.95 },
        { metric: `${s.name}.achieved_rps_at_${rate}rps`, value: Math.round(fixed.achievedRps), unit: 'req/s', target: `>= ${rate * 0.95}`, met: fixed.achievedRps >= rate * 0.95 },
        // The generator runs on the same two cores: its CPU per request is taken from the server.
        { metric: `${s.name}.load_generator_cpu_ms_per_request_at_${rate}rps`, value: fixed.generatorCpuMsPerRequest, unit: 'ms', target: null, met: null },
        { metric: `${s.name}.max_requests_per_s`, value: Math.round(flat.rps), unit: 'req/s', target: null, met: null },
        { metric: `${s.name}.p99_at_max`, value: flat.p99, unit: 'ms', target: null, met: null },
        ...cpuRows(s.name, flat.cpu),
        { metric: `${s.name}.errors_and_non2xx`, value: fixed.non2xx + fixed.errors + flat.non2xx + flat.errors, unit: 'count', target: '0', met: clean },
      );
      rows.push({ metric: `${s.name}.highest_rate_with_p99_within_25ms`, value: sustainable.rate, unit: 'req/s', target: null, met: null });
      rows.push(ratioRow(`${s.name}.ratio_to_ceiling`, flat.rps, s.ceilingTarget));
    }
    // The ceiling again: other work on this shared machine can hold one run down (18k instead of
    // 26-44k req/s has been seen), which would flatter every ratio. Ratios use the higher run.
    const ceilingAgain = await load(ceiling.url, ['/'], {}, { duration, connections: 32 });
    log.info('ceiling again', ceilingAgain);
    const ceilingRps = Math.max(ceilingRun.rps, ceilingAgain.rps);
    rows.push(
      { metric: 'ceiling.bare_koa.requests_per_s_after_the_endpoints', value: Math.round(ceilingAgain.rps), unit: 'req/s', target: null, met: null },
      { metric: 'ceiling.bare_koa.requests_per_s_used_for_ratios', value: Math.round(ceilingRps), unit: 'req/s (the higher run)', target: null, met: null },
    );
    for (const { row, rps } of ratioRows) {
      row.value = Math.round((rps / ceilingRps) * 1000) / 1000;
      if (row.target) row.met = row.value >= CEILING_RATIO_TARGET;
    }
    // The anonymous sandbox: challenge issue/verification throughput and the browser's solve time.
    for (const r of await benchSandbox()) if (r.value !== null) rows.push({ ...r, value: r.value, metric: `sandbox.${r.metric}` });
    rows.push({ metric: 'machine.load_average_1m_at_end', value: Math.round(os.loadavg()[0]! * 100) / 100, unit: 'runnable', target: null, met: null });
    rows.push({ metric: 'dataset.declarations', value: Number((await db('declarations').count({ n: '*' }))[0]!.n), unit: 'rows', target: '>= 1000000', met: null });
    rows[rows.length - 1]!.met = rows[rows.length - 1]!.value >= 1_000_000;
    await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await writeFile(path.join(ROOT, 'bench/results/api.json'), `${JSON.stringify(rows, null, 2)}\n`);
    for (const r of rows) process.stdout.write(`${r.met === false ? '✗' : r.met ? '✓' : ' '} ${r.metric.padEnd(60)} ${String(r.value).padStart(10)} ${r.unit}${r.target ? `  (target ${r.target})` : ''}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await db.destroy();
    await embedded?.stop();
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  void serve(process.argv[serveIndex + 1] ?? 'api', process.env.BENCH_CHILD_DATABASE_URL || undefined);
} else {
  main().catch((error: unknown) => {
    log.error('bench failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
  });
}
