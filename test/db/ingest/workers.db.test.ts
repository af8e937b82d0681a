import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EMPTY_FEED = '<?xml version="1.0" encoding="ISO-8859-1" ?><feed xmlns="http://www.w3.org/2005/Atom"><title>Latest Filings</title></feed>';

function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin/sigma.mjs'), 'worker'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

/**
 * Two real `sigma worker` processes on one database, polling a loopback EDGAR: the SEC source is
 * polled by one process at a time, the 10 requests/s ceiling holds across both, and when one
 * worker stops the other takes over.
 */
describe.runIf(hasCorpus('sec'))('two workers on one database', () => {
  let t: TestDatabase;
  let edgar: LoopbackServer;
  const workers: ChildProcess[] = [];
  const logs: string[] = ['', ''];

  beforeAll(async () => {
    t = await createTestDatabase();
    edgar = await startLoopbackServer();
    const feed = await readFile(corpusPath('sec/feeds/getcurrent_type-4_start-0.atom.xml'));
    const filing = (await readFile(corpusPath('sec/form4/0001104659-25-025206.txt'), 'latin1'));
    edgar.route('/cgi-bin/browse-edgar', (req) => ({
      body: new URL(req.path, 'http://x').searchParams.get('type') === '4' && new URL(req.path, 'http://x').searchParams.get('start') === '0' ? feed : EMPTY_FEED,
      headers: { 'content-type': 'application/atom+xml' },
    }));
    // Every filing the feed names is served as one real Form 4 under the requested accession.
    edgar.route('/files/company_tickers_exchange.json', { file: corpusPath('sec/tickers/company_tickers_exchange.json') });
    edgar.route('/Archives/*', (req) => {
      const accession = req.path.match(/(\d{10}-\d{2}-\d{6})\.txt$/)?.[1];
      return accession ? { body: filing.split('0001104659-25-025206').join(accession) } : { status: 404 };
    });
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await edgar?.close();
    await t?.drop();
  });

  it('share the SEC source without overlapping or exceeding 10 requests/s', async () => {
    const env = {
      DATABASE_URL: t.url,
      SIGMA_SOURCES: 'sec',
      SEC_BASE_URL: edgar.baseUrl,
      SEC_USER_AGENT: 'Sigma test ops@example.org',
      SEC_POLL_SECONDS: '1',
      SEC_MAX_RPS: '10',
      SIGMA_LOG_LEVEL: 'info',
      // The daily market-data job also runs at first start; it finds nothing here and fails fast.
      YAHOO_BASE_URL: edgar.baseUrl,
    };
    for (let i = 0; i < 2; i++) {
      const w = startWorker(env);
      w.stderr!.on('data', (chunk) => (logs[i] += chunk));
      workers.push(w);
    }
    const finishedPolls = (after = new Date(0)) =>
      t.db('ingest_runs').where({ source: 'sec', kind: 'poll' }).whereNotNull('finished_at').where('started_at', '>', after);
    const waitFor = async (what: string, done: () => Promise<boolean>, ms: number) => {
      for (const deadline = Date.now() + ms; !(await done()); ) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    // Both run through the first full poll (≈ 50 filings at 10/s) and at least two short re-polls.
    await waitFor('three polls', async () => (await finishedPolls()).length >= 3, 60_000);
    workers[0]!.kill('SIGTERM');
    expect(await exited(workers[0]!)).toBe(0);
    const handedOverAt = new Date();
    await waitFor('a poll by the remaining worker', async () => (await finishedPolls(handedOverAt)).length >= 1, 30_000);
    workers[1]!.kill('SIGTERM');
    expect(await exited(workers[1]!)).toBe(0);

    const runs = (await t.db('ingest_runs').where({ source: 'sec', kind: 'poll' }).orderBy('started_at')) as Array<{
      worker: string;
      started_at: Date;
      finished_at: Date | null;
      inserted: number;
    }>;
    expect(runs.length, logs.join('\n')).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.started_at.getTime(), 'a poll started before the previous one finished').toBeGreaterThanOrEqual(runs[i - 1]!.finished_at!.getTime());
    }
    // After the first worker stopped, the second kept polling.
    const pids = workers.map((w) => String(w.pid));
    expect(runs.some((r) => r.started_at > handedOverAt && r.worker.endsWith(`:${pids[1]}`))).toBe(true);

    const secPaths = /^\/(cgi-bin|Archives|files)\//;
    const times = edgar.requests.filter((r) => secPaths.test(r.path)).map((r) => r.at).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(40);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((x) => x >= times[i]! && x < times[i]! + 990).length;
      expect(inWindow, `requests in the second starting at ${i}`).toBeLessThanOrEqual(10);
    }
    const declarations = await t.db('declarations').count({ n: '*' }).first();
    expect(Number(declarations!.n)).toBeGreaterThan(20);
    expect(await t.db('sources').where({ source: 'sec' }).first()).toMatchObject({ status: 'ok' });
  }, 120_000);
});
