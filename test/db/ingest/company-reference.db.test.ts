import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import { isSkipped } from '../../../adapters/types.js';
import { loadConfig } from '../../../src/config.js';
import { runIngest } from '../../../src/ingest/runner.js';
import { companyReferenceJob } from '../../../src/ingest/sources.js';
import { silentLogger } from '../../../src/log.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

/** A 2017 Form 4 of Facebook (CIK 1326801), filed under its old trading symbol FB. */
const META_FORM4 = 'form4/0001127602-17-024628_form4.xml';
const META_CIK = '0001326801';

/**
 * The daily reference job against a loopback EDGAR serving the real company_tickers_exchange.json:
 * a company stored from a real filing gets the SEC's current ticker and its exchange.
 */
describe.runIf(hasCorpus('sec'))('SEC company reference refresh', () => {
  let t: TestDatabase;
  let edgar: LoopbackServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    edgar = await startLoopbackServer();
    edgar.route('/files/company_tickers_exchange.json', {
      file: corpusPath('sec/tickers/company_tickers_exchange.json'),
      headers: { 'content-type': 'application/json' },
    });
  });
  afterAll(async () => {
    await edgar?.close();
    await t?.drop();
  });

  it('fills ticker and exchange of a stored SEC issuer from company_tickers_exchange.json', async () => {
    const body = await readFile(corpusPath('sec', META_FORM4));
    const doc = secAdapter.readArchiveFile(META_FORM4, body, new Date().toISOString());
    if (isSkipped(doc)) throw new Error(`${META_FORM4} is not read as an SEC document`);
    const summary = await runIngest({
      db: t.db,
      adapter: secAdapter,
      pages: (async function* () {
        yield { documents: [doc], cursor: null };
      })(),
      kind: 'archive',
      worker: 'test',
      log: silentLogger,
    });
    expect(summary.inserted).toBe(1);
    const companyByCik = () =>
      t.db('companies as c')
        .join('company_identifiers as ci', 'ci.company_id', 'c.id')
        .where({ 'ci.scheme': 'CIK', 'ci.value': META_CIK })
        .first('c.ticker', 'c.exchange');
    // The filing itself only knows the symbol of its day, and no exchange.
    expect(await companyByCik()).toEqual({ ticker: 'FB', exchange: null });

    const config = loadConfig({ SIGMA_SOURCES: 'sec', SEC_BASE_URL: edgar.baseUrl, SEC_USER_AGENT: 'Sigma test ops@example.org' });
    const job = companyReferenceJob(secAdapter, { db: t.db, config, log: silentLogger, worker: 'test' });
    expect(job, 'the SEC adapter has a company reference').not.toBeNull();
    await job!.run(new AbortController().signal);

    expect(await companyByCik()).toEqual({ ticker: 'META', exchange: 'Nasdaq' });
    expect(edgar.requests.map((r) => [r.path, r.headers['user-agent']])).toEqual([
      ['/files/company_tickers_exchange.json', 'Sigma test ops@example.org'],
    ]);
  });
});
