import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigma, REPO_ROOT } from '../../helpers/cli.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const SEC_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/sec');
const SUMMARY = /fetched (\d+), parsed (\d+), inserted (\d+), updated (\d+), unchanged (\d+), quarantined (\d+), skipped (\d+)/;

function summaryOf(stdout: string) {
  const m = SUMMARY.exec(stdout);
  if (!m) throw new Error(`no summary line in:\n${stdout}`);
  const [fetched, parsed, inserted, updated, unchanged, quarantined, skipped] = m.slice(1).map(Number);
  return { fetched, parsed, inserted, updated, unchanged, quarantined, skipped };
}

describe('sigma ingest / parse from the command line', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());
  const env = () => ({ DATABASE_URL: t.url });

  it('ingests an archive offline, quarantines the bad file, scores, and is idempotent', async () => {
    const first = await runSigma(['ingest', 'sec', '--archive', SEC_FIXTURES], env());
    expect(first.code, first.stderr).toBe(0);
    expect(summaryOf(first.stdout)).toMatchObject({ quarantined: 1, updated: 0, unchanged: 0 });
    expect(summaryOf(first.stdout).inserted).toBeGreaterThan(5);
    expect(first.stdout).toMatch(/scored \d+ declaration\(s\)/);
    const again = await runSigma(['ingest', 'sec', '--archive', SEC_FIXTURES], env());
    expect(summaryOf(again.stdout)).toMatchObject({ inserted: 0, updated: 0, quarantined: 1 });
    const quarantined = await runSigma(['quarantine', '--source', 'sec'], env());
    expect(quarantined.stdout).toMatch(/not well-formed/);
  });

  it('rebuilds declarations from the stored raw documents with sigma reparse', async () => {
    const before = await t.db('declarations').select('id', 'content_hash', 'updated_at').orderBy('id');
    const reparse = await runSigma(['reparse', 'sec'], env());
    expect(reparse.code, reparse.stderr).toBe(0);
    expect(summaryOf(reparse.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: before.length, quarantined: 1 });
    expect(await t.db('declarations').select('id', 'content_hash', 'updated_at').orderBy('id')).toEqual(before);
  });

  it('refuses bad arguments with a usage message and exit code 2', async () => {
    const run = await runSigma(['ingest', 'sec', '--from', '2025-13-01', '--to', '2025-01-02'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from must be a date/);
    expect((await runSigma(['ingest', 'nowhere', '--archive', '.'], env())).stderr).toMatch(/unknown source nowhere; known: sec, amf, bafin, fca/);
  });

  it('prints a raw filing as the API declaration object with sigma parse --json', async () => {
    const run = await runSigma(['parse', path.join(SEC_FIXTURES, 'form4-joint.xml'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const declaration = JSON.parse(run.stdout);
    expect(declaration).toMatchObject({ source: 'sec', market: 'us', signal: null });
    expect(declaration.coReporters.length).toBeGreaterThan(0);
    expect(Object.keys(declaration)).toEqual(expect.arrayContaining(['id', 'pubDate', 'company', 'insider', 'transaction', 'lines', 'direction']));
  });

  it('backfills a date range live from a loopback EDGAR, refusing without SEC_USER_AGENT', async () => {
    let edgar: LoopbackServer | null = null;
    try {
      edgar = await startLoopbackServer();
      const filing = await readFile(path.join(SEC_FIXTURES, 'form4-sec-header.txt'), 'latin1');
      const accession = /ACCESSION NUMBER:\s*(\S+)/.exec(filing)![1]!;
      const cik = /CENTRAL INDEX KEY:\s*(\d+)/.exec(filing)![1]!;
      const index = [
        'Description:           Daily Index of EDGAR Dissemination Feed',
        '',
        'CIK|Company Name|Form Type|Date Filed|File Name',
        '--------------------------------------------------------------------------------',
        `${Number(cik)}|TEST ISSUER|4|20250303|edgar/data/${Number(cik)}/${accession}.txt`,
        '',
      ].join('\n');
      edgar.route('/Archives/edgar/daily-index/2025/QTR1/master.20250303.idx', { body: index });
      edgar.route('/Archives/*', (req) => (req.path.endsWith(`${accession}.txt`) ? { body: filing } : { status: 404 }));
      const live = { ...env(), SEC_BASE_URL: edgar.baseUrl };
      const refused = await runSigma(['ingest', 'sec', '--from', '2025-03-03', '--to', '2025-03-03'], live);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/SEC_USER_AGENT/);
      const run = await runSigma(['ingest', 'sec', '--from', '2025-03-03', '--to', '2025-03-03'], {
        ...live,
        SEC_USER_AGENT: 'Sigma test ops@example.org',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(summaryOf(run.stdout)).toMatchObject({ fetched: 1, parsed: 1 });
      expect(edgar.requests.every((r) => r.headers['user-agent'] === 'Sigma test ops@example.org')).toBe(true);
      expect(await t.db('declarations').where({ id: `SEC:${accession}` }).first()).toBeTruthy();
    } finally {
      await edgar?.close();
    }
  });

  describe.runIf(hasCorpus('fr') && hasCorpus('de') && hasCorpus('uk'))('European sources', () => {
    const sources = [
      { source: 'amf', dir: 'fr', file: 'fr/bdif_documents/dd/amf_fr_sample.pdf' },
      { source: 'bafin', dir: 'de', file: 'de/bafin_dealingsinfo/bafin_dealings.csv' },
      { source: 'fca', dir: 'uk', file: 'uk/investegate/clean_buy_9562545.html' },
    ];
    for (const { source, dir, file } of sources) {
      it(`${source}: sigma ingest --archive works offline and sigma parse --source ${source} --json prints declarations`, async () => {
        const run = await runSigma(['ingest', source, '--archive', corpusPath(dir)], env());
        expect(run.code, run.stderr).toBe(0);
        expect(summaryOf(run.stdout).inserted).toBeGreaterThan(0);
        expect(Number((await t.db('declarations').where({ source }).count({ n: '*' }).first())!.n)).toBe(summaryOf(run.stdout).inserted);
        const parsed = await runSigma(['parse', corpusPath(file), '--source', source, '--json']);
        expect(parsed.code, parsed.stderr).toBe(0);
        const body = JSON.parse(parsed.stdout);
        const first = Array.isArray(body.declarations) ? body.declarations[0] : body;
        expect(first).toMatchObject({ source, signal: null });
        expect(first.id.startsWith(`${source.toUpperCase()}:`)).toBe(true);
      });
    }
  });
});
