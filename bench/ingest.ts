/**
 * npm run bench:ingest → bench/results/ingest.json
 *
 * In one run: parse throughput of the regulators' parsers (ours against the sec-edgar-toolkit peer on
 * the same SEC files; documents/s of the AMF, BaFin and FCA parsers), then end-to-end archive ingest of the SEC corpus replicated to ≥ 20,000
 * filings through the real CLI (`sigma ingest sec --archive`) into a fresh PostgreSQL, with the CLI
 * process's peak RSS sampled from /proc.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { silentLogger } from '../src/log.js';
import { benchEuropeParse } from './europe-parse.js';
import { row, writeResults, type BenchRow } from './lib/results.js';
import { benchSecParse } from './sec-parse.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(process.env.SIGMA_CORPUS ?? path.join(ROOT, '../shared/corpus'));
const TARGET_FILINGS = Number(process.env.BENCH_INGEST_FILINGS ?? 20_000);
const OWNERSHIP_FOLDERS = ['form3', 'form4', 'form4a', 'form5'];

const HEADER_ACCESSION = /(?:ACCESSION NUMBER:|<ACCESSION-NUMBER>)\s*(\d{10}-\d{2}-\d{6})/;
const NAME_ACCESSION = /^(\d{10}-\d{2}-\d{6})_?/;

/** Copies every ownership filing of the corpus until `target` files exist, each under a new accession. */
async function replicateCorpus(target: number, into: string): Promise<number> {
  const sources: Array<{ name: string; body: string }> = [];
  for (const folder of OWNERSHIP_FOLDERS) {
    const dir = path.join(CORPUS, 'sec', folder);
    for (const name of (await readdir(dir)).sort()) sources.push({ name, body: await readFile(path.join(dir, name), 'latin1') });
  }
  let written = 0;
  for (let copy = 0; written < target; copy++) {
    const dir = path.join(into, String(copy).padStart(4, '0'));
    await mkdir(dir, { recursive: true });
    for (const [index, source] of sources.entries()) {
      if (written >= target) break;
      const accession = `${String(9_900_000_000 + copy).padStart(10, '0')}-26-${String(index).padStart(6, '0')}`;
      const original = source.body.match(HEADER_ACCESSION)?.[1] ?? source.name.match(NAME_ACCESSION)?.[1] ?? null;
      const body = original ? source.body.split(original).join(accession) : source.body;
      const bareName = source.name.replace(NAME_ACCESSION, '');
      await writeFile(path.join(dir, `${accession}_${bareName}`), body, 'latin1');
      written += 1;
    }
  }
  return written;
}

/** Peak resident memory of a process, from the kernel's own high-water mark. */
function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/VmHWM:\s+(\d+)\s+kB/)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : 0;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.flatMap((c) => [c, ...descendants(c)]);
  } catch {
    return [];
  }
}

/** The CLI re-executes itself with a capped heap; count the whole process tree (an upper bound). */
function treePeakRssMb(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + peakRssMb(p), 0);
}

async function runArchiveIngest(databaseUrl: string, archive: string): Promise<{ seconds: number; peakRssMb: number; summary: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/sigma.mjs'), 'ingest', 'sec', '--archive', archive, '--no-score'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SIGMA_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treePeakRssMb(child.pid!));
  }, 50);
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`sigma ingest exited with ${code}: ${stdout}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: peak, summary: stdout.trim() };
}

export async function benchIngest(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...(await benchSecParse()));
  rows.push(...(await benchEuropeParse()));

  const work = await mkdtemp(path.join(os.tmpdir(), 'sigma-bench-ingest-'));
  await chmod(work, 0o755);
  const archive = path.join(work, 'archive');
  let embedded = null;
  try {
    const files = await replicateCorpus(TARGET_FILINGS, archive);
    let serverUrl = process.env.BENCH_DATABASE_URL;
    if (!serverUrl) {
      embedded = await startEmbeddedPostgres({ dataDir: path.join(work, 'pg'), port: 54000 + (process.pid % 1000), log: silentLogger });
      serverUrl = embedded.url;
    }
    const database = `sigma_bench_ingest_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${database}`);
    await admin.query(`create database ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    try {
      const first = await runArchiveIngest(url.toString(), archive);
      console.log(`first pass: ${first.summary}`);
      const again = await runArchiveIngest(url.toString(), archive);
      console.log(`second pass (idempotent): ${again.summary}`);
      rows.push(row('archive ingest: filings', files, 'filings'));
      rows.push(row('archive ingest throughput (first pass, into PostgreSQL)', files / first.seconds, 'filings/s', { atLeast: 500 }));
      rows.push(row('archive re-ingest throughput (all unchanged)', files / again.seconds, 'filings/s'));
      rows.push(row('archive ingest peak RSS', Math.max(first.peakRssMb, again.peakRssMb), 'MB', { atMost: 300 }));
    } finally {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  } finally {
    await embedded?.stop();
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/ingest.ts')) {
  if (!existsSync(path.join(CORPUS, 'sec'))) {
    console.error(`corpus not found at ${CORPUS}: set SIGMA_CORPUS`);
    process.exit(1);
  }
  benchIngest()
    .then((rows) => writeResults('ingest', rows))
    .then(() => process.exit(0))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
