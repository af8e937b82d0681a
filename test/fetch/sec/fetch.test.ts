import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_FORM_TYPES } from '../../../adapters/sec/fetch.js';
import { secAdapter } from '../../../adapters/sec/index.js';
import { isSkipped, type FetchContext, type FetchPage, type RawDocument, type SourceCursor } from '../../../adapters/types.js';
import { loadConfig, type Config } from '../../../src/config.js';
import { createHttpClient } from '../../../src/http/client.js';
import { silentLogger } from '../../../src/log.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const USER_AGENT = 'Sigma-test/0.1 (sec-fetch-test@example.com)';

interface FeedItem {
  accession: string;
  form: string;
  updated: string;
  cik: number;
  name: string;
  role: 'Reporting' | 'Issuer';
}

/** A getcurrent Atom page in EDGAR's own layout (newest first). */
function atomFeed(items: FeedItem[]): string {
  const entries = items.map((i) => {
    const folder = i.accession.replace(/-/g, '');
    return `<entry>
<title>${i.form} - ${i.name} (${String(i.cik).padStart(10, '0')}) (${i.role})</title>
<link rel="alternate" type="text/html" href="https://www.sec.gov/Archives/edgar/data/${i.cik}/${folder}/${i.accession}-index.htm"/>
<summary type="html">
 &lt;b&gt;Filed:&lt;/b&gt; ${i.updated.slice(0, 10)} &lt;b&gt;AccNo:&lt;/b&gt; ${i.accession} &lt;b&gt;Size:&lt;/b&gt; 10 KB
</summary>
<updated>${i.updated}</updated>
<category scheme="https://www.sec.gov/" label="form type" term="${i.form}"/>
<id>urn:tag:sec.gov,2008:accession-number=${i.accession}</id>
</entry>`;
  });
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Latest Filings - Tue, 18 Mar 2025 20:05:00 EDT</title>
<link rel="alternate" href="/cgi-bin/browse-edgar?action=getcurrent"/>
<link rel="self" href="/cgi-bin/browse-edgar?action=getcurrent"/>
<id>https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent</id>
<author><name>Webmaster</name><email>webmaster@sec.gov</email></author>
<updated>2025-03-18T20:05:00-04:00</updated>
${entries.join('\n')}
</feed>
`;
}

/** Corpus filings served under their EDGAR archive paths. */
const CORPUS_FILINGS = {
  dkng: { accession: '0001104659-25-025206', issuerCik: 1883685, ownerCik: 1404430, file: 'form4/0001104659-25-025206.txt' },
  pdex: { accession: '0001079973-25-000129', issuerCik: 788920, ownerCik: 1361476, file: 'form4/0001079973-25-000129.txt' },
  lrcx: { accession: '0000707549-25-000004', issuerCik: 707549, ownerCik: 1779037, file: 'form4a/0000707549-25-000004.txt' },
  betr: { accession: '0001493152-25-009612', issuerCik: 1835856, ownerCik: 1065521, file: 'form4/0001493152-25-009612.txt' },
  wday: { accession: '0001327811-25-000050', issuerCik: 1327811, ownerCik: 1327811, file: 'form4/0001327811-25-000050.txt' },
  ford: { accession: '0001209191-20-054135', issuerCik: 37996, ownerCik: 37996, file: 'form3/F_2020-10-01_form3.txt' },
  wrb: { accession: '0000011544-20-000013', issuerCik: 11544, ownerCik: 11544, file: 'form5/WRB_2019-12-31_form5.txt' },
  // Only a bare XML of this one exists in the corpus: the fetcher must find it through the filing index.
  ntra: { accession: '0001062993-22-008150', issuerCik: 1604821, ownerCik: 1604821, file: 'form4/0001062993-22-008150_form4.xml' },
} as const;
type FilingKey = keyof typeof CORPUS_FILINGS;

const folderPath = (cik: number, accession: string) => `/Archives/edgar/data/${cik}/${accession.replace(/-/g, '')}`;
const txtPath = (cik: number, accession: string) => `${folderPath(cik, accession)}/${accession}.txt`;

function serveArchive(server: LoopbackServer): void {
  for (const [key, f] of Object.entries(CORPUS_FILINGS) as Array<[FilingKey, (typeof CORPUS_FILINGS)[FilingKey]]>) {
    for (const cik of new Set([f.issuerCik, f.ownerCik])) {
      if (key === 'ntra') {
        server.route(txtPath(cik, f.accession), { status: 404, body: 'Not Found' });
        server.route(`${folderPath(cik, f.accession)}/index.json`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            directory: {
              item: [
                { 'last-modified': '2022-03-18 16:01:02', name: `${f.accession}-index.htm`, type: 'text.gif', size: '' },
                { 'last-modified': '2022-03-18 16:01:02', name: 'form4.xml', type: 'text.gif', size: '8 KB' },
                { 'last-modified': '2022-03-18 16:01:02', name: 'xslF345X03', type: 'folder.gif', size: '' },
              ],
              name: folderPath(cik, f.accession),
              'parent-dir': `/Archives/edgar/data/${cik}/`,
            },
          }),
        });
        server.route(`${folderPath(cik, f.accession)}/form4.xml`, { file: corpusPath('sec', f.file) });
      } else {
        server.route(txtPath(cik, f.accession), { headers: { 'content-type': 'text/plain' }, file: corpusPath('sec', f.file) });
      }
    }
  }
}

function configFor(server: LoopbackServer, env: Record<string, string> = {}): Config {
  return loadConfig({ SEC_BASE_URL: server.baseUrl, SEC_USER_AGENT: USER_AGENT, SEC_MAX_RPS: '10', ...env });
}

function contextFor(config: Config): FetchContext {
  const decision = secAdapter.userAgent(config);
  if ('refused' in decision) throw new Error(decision.refused);
  const http = createHttpClient({
    userAgent: decision.userAgent,
    timeoutMs: 5_000,
    retries: 3,
    perHostPerSecond: secAdapter.hostRateLimits(config),
    backoffBaseMs: 20,
  });
  return { http, signal: new AbortController().signal, config, log: silentLogger };
}

async function collect(pages: AsyncIterable<FetchPage>): Promise<FetchPage[]> {
  const out: FetchPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const corpusBytes = (key: FilingKey) => readFileSync(corpusPath('sec', CORPUS_FILINGS[key].file));
const archiveRequests = (server: LoopbackServer) => server.requests.filter((r) => r.path.startsWith('/Archives/'));

let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('SEC fetch: User-Agent policy', () => {
  it('refuses live fetching without SEC_USER_AGENT, or with one that has no contact e-mail, and says why', async () => {
    const missing = secAdapter.userAgent(loadConfig({}));
    expect('refused' in missing && missing.refused).toMatch(/SEC_USER_AGENT is not set.*fair-access/);
    const noEmail = secAdapter.userAgent(loadConfig({ SEC_USER_AGENT: 'Sigma' }));
    expect('refused' in noEmail && noEmail.refused).toMatch(/no contact e-mail/);
    expect(secAdapter.userAgent(loadConfig({ SEC_USER_AGENT: USER_AGENT }))).toEqual({ userAgent: USER_AGENT });

    server = await startLoopbackServer();
    const config = loadConfig({ SEC_BASE_URL: server.baseUrl });
    const ctx: FetchContext = {
      http: createHttpClient({ userAgent: 'anything', timeoutMs: 1000, retries: 0 }),
      signal: new AbortController().signal,
      config,
      log: silentLogger,
    };
    await expect(collect(secAdapter.poll(null, ctx))).rejects.toThrow(/SEC_USER_AGENT is not set/);
    await expect(collect(secAdapter.backfill!({ from: '2025-03-07', to: '2025-03-07' }, ctx))).rejects.toThrow(/SEC_USER_AGENT/);
    await expect(secAdapter.companyReference!(ctx)).rejects.toThrow(/SEC_USER_AGENT/);
    expect(server.requests).toHaveLength(0);
  });

  it('limits the SEC host to SEC_MAX_RPS', () => {
    expect(secAdapter.hostRateLimits(loadConfig({ SEC_MAX_RPS: '7' }))).toEqual({ 'www.sec.gov': 7 });
    expect(() => loadConfig({ SEC_MAX_RPS: '11' })).toThrow(/at most 10/);
  });
});

describe('SEC fetch: an error page served with 200', () => {
  const errorPage = '<!DOCTYPE html><html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head><body><h1>Your Request Originates from an Undeclared Automated Tool</h1></body></html>';

  it('fails the live poll instead of reading it as "no new filings"', async () => {
    server = await startLoopbackServer();
    server.route('/cgi-bin/browse-edgar', { body: errorPage, headers: { 'content-type': 'text/html' } });
    await expect(collect(secAdapter.poll(null, contextFor(configFor(server))))).rejects.toThrow(/no Atom <feed> root.*DOCTYPE/);
  });

  it('fails the backfill day instead of reading it as an empty day', async () => {
    server = await startLoopbackServer();
    server.route('/Archives/edgar/daily-index/2025/QTR1/master.20250307.idx', { body: errorPage });
    await expect(collect(secAdapter.backfill!({ from: '2025-03-07', to: '2025-03-07' }, contextFor(configFor(server))))).rejects.toThrow(
      /not an EDGAR index/,
    );
  });
});

describe.runIf(hasCorpus('sec'))('SEC fetch against a loopback EDGAR', () => {
  it('polls the getcurrent feeds, fetches new filings oldest first, honours 429 Retry-After, retries a 500, and re-polls harmlessly', async () => {
    server = await startLoopbackServer();
    const s = server;
    serveArchive(s);
    const item = (key: FilingKey, form: string, updated: string, role: FeedItem['role'] = 'Reporting'): FeedItem => {
      const f = CORPUS_FILINGS[key];
      return { accession: f.accession, form, updated, cik: role === 'Issuer' ? f.issuerCik : f.ownerCik, name: key.toUpperCase(), role };
    };
    const feeds: Record<string, FeedItem[]> = {
      '4': [
        item('dkng', '4', '2025-03-18T20:01:08-04:00'),
        item('dkng', '4', '2025-03-18T20:01:08-04:00', 'Issuer'),
        { accession: '0009999999-25-000001', form: '424B2', updated: '2025-03-18T19:00:00-04:00', cik: 9999999, name: 'NOT A FORM 4', role: 'Issuer' },
        item('pdex', '4', '2025-01-24T17:24:28-05:00', 'Issuer'),
        item('lrcx', '4/A', '2025-01-21T13:23:57-05:00'),
        item('ntra', '4', '2022-03-18T16:01:02-04:00', 'Issuer'),
      ],
      '3': [item('ford', '3', '2020-10-07T16:33:00-04:00', 'Issuer')],
      '5': [item('wrb', '5', '2020-02-13T16:28:19-05:00', 'Issuer')],
    };
    s.route('/cgi-bin/browse-edgar', (req) => {
      const query = new URL(req.path, 'http://x').searchParams;
      expect(query.get('action')).toBe('getcurrent');
      expect(query.get('output')).toBe('atom');
      const start = Number(query.get('start'));
      return { headers: { 'content-type': 'application/atom+xml' }, body: atomFeed(start === 0 ? (feeds[query.get('type')!] ?? []) : []) };
    });
    const firstFeed = '/cgi-bin/browse-edgar?action=getcurrent&type=4&company=&dateb=&owner=include&start=0&count=100&output=atom';
    s.failNext(firstFeed, 1, { status: 429, headers: { 'Retry-After': '1' }, body: 'Request Rate Threshold Exceeded' });
    const pdexTxt = txtPath(CORPUS_FILINGS.pdex.issuerCik, CORPUS_FILINGS.pdex.accession);
    s.failNext(pdexTxt, 1, { status: 500, body: 'Internal Server Error' });

    const ctx = contextFor(configFor(s));
    const pages = await collect(secAdapter.poll(null, ctx));

    // 429 then a retry at least Retry-After later
    const feedHits = s.requests.filter((r) => r.path === firstFeed);
    expect(feedHits).toHaveLength(2);
    expect(feedHits[1]!.at - feedHits[0]!.at).toBeGreaterThanOrEqual(950);
    // 500 then success
    expect(s.requests.filter((r) => r.path === pdexTxt)).toHaveLength(2);
    // every request declared the configured User-Agent and accepted gzip
    for (const r of s.requests) {
      expect(r.headers['user-agent']).toBe(USER_AGENT);
      expect(String(r.headers['accept-encoding'])).toMatch(/gzip/);
    }
    // one feed per form type: 4, 3, 5
    expect(s.requests.filter((r) => r.path.startsWith('/cgi-bin/')).map((r) => new URL(r.path, 'http://x').searchParams.get('type'))).toEqual([
      '4',
      '4',
      ...FEED_FORM_TYPES.slice(1),
    ]);

    const documents = pages.flatMap((p) => p.documents);
    expect(documents.map((d) => d.sourceId)).toEqual(
      (['wrb', 'ford', 'ntra', 'lrcx', 'pdex', 'dkng'] as const).map((k) => CORPUS_FILINGS[k].accession),
    );
    for (const doc of documents) {
      const key = (Object.keys(CORPUS_FILINGS) as FilingKey[]).find((k) => CORPUS_FILINGS[k].accession === doc.sourceId)!;
      expect(doc.body.equals(corpusBytes(key))).toBe(true); // gzip decoded, bytes intact
      expect(doc.url).toMatch(new RegExp(`^${s.baseUrl}/Archives/edgar/data/\\d+/\\d{18}/`));
      const outcome = secAdapter.parse(doc);
      if (isSkipped(outcome)) throw new Error('skipped');
      // the bare XML found through the filing index takes its accession from the fetched source id
      expect(outcome.records[0]!.accession).toBe(doc.sourceId);
    }
    const ntra = documents.find((d) => d.sourceId === CORPUS_FILINGS.ntra.accession)!;
    expect(ntra).toMatchObject({ mediaType: 'application/xml' });
    expect(ntra.url).toMatch(/\/form4\.xml$/);
    expect(archiveRequests(s).some((r) => r.path.includes('0009999999'))).toBe(false);

    // fair access: never more than SEC_MAX_RPS (10) requests started in any one second (+1 for clock rounding)
    const times = s.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) expect(times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length).toBeLessThanOrEqual(11);

    const cursor = pages.at(-1)!.cursor as SourceCursor;
    expect(cursor.highWater).toBe('2025-03-19T00:01:08.000Z');
    expect(cursor.seen).toEqual([`2025-03-19T00:01:08.000Z ${CORPUS_FILINGS.dkng.accession}`]);

    // Re-polling the same feeds with the stored cursor fetches nothing.
    const before = archiveRequests(s).length;
    const again = await collect(secAdapter.poll(JSON.parse(JSON.stringify(cursor)), ctx));
    expect(again.flatMap((p) => p.documents)).toEqual([]);
    expect(archiveRequests(s).length).toBe(before);

    // A filing accepted a little before the high-water mark but visible only now is still fetched.
    feeds['4']!.unshift(item('betr', '4', '2025-03-18T19:50:00-04:00', 'Issuer'));
    const late = await collect(secAdapter.poll(cursor, ctx));
    expect(late.flatMap((p) => p.documents).map((d) => d.sourceId)).toEqual([CORPUS_FILINGS.betr.accession]);
    expect((late.at(-1)!.cursor as SourceCursor).seen).toHaveLength(2);
  });

  it('backfills a date range from the daily master.idx, weekdays only, skipping a day without an index', async () => {
    server = await startLoopbackServer();
    const s = server;
    serveArchive(s);
    const row = (cik: number, name: string, form: string, accession: string) =>
      `${cik}|${name}|${form}|20250307|edgar/data/${cik}/${accession}.txt`;
    const { betr, wday } = CORPUS_FILINGS;
    const masterIdx = [
      'Description:           Daily Index of EDGAR Dissemination Feed',
      'Last Data Received:    Mar 07, 2025',
      'Comments:              webmaster@sec.gov',
      'Anonymous FTP:         ftp://ftp.sec.gov/edgar/',
      '',
      'CIK|Company Name|Form Type|Date Filed|File Name',
      '--------------------------------------------------------------------------------',
      row(betr.issuerCik, 'Better Home & Finance Holding Co', '4', betr.accession),
      row(betr.ownerCik, 'SOFTBANK GROUP CORP.', '4', betr.accession),
      row(1000275, 'ROYAL BANK OF CANADA', '424B2', '0001140361-25-000001'),
      row(wday.issuerCik, 'Workday, Inc.', '4', wday.accession),
      row(1099219, 'METLIFE INC', '13F-HR', '0001140361-25-000002'),
      '',
    ].join('\n');
    s.route('/Archives/edgar/daily-index/2025/QTR1/master.20250307.idx', { body: masterIdx });
    s.route('/Archives/edgar/daily-index/2025/QTR1/master.20250310.idx', { status: 404, body: 'Not Found' });

    const pages = await collect(secAdapter.backfill!({ from: '2025-03-07', to: '2025-03-10' }, contextFor(configFor(s))));
    expect(s.requests.filter((r) => r.path.includes('daily-index')).map((r) => r.path)).toEqual([
      '/Archives/edgar/daily-index/2025/QTR1/master.20250307.idx',
      '/Archives/edgar/daily-index/2025/QTR1/master.20250310.idx',
    ]);
    expect(pages.every((p) => p.cursor === null)).toBe(true);
    const documents: RawDocument[] = pages.flatMap((p) => p.documents);
    expect(documents.map((d) => d.sourceId)).toEqual([betr.accession, wday.accession]);
    expect(documents[0]!.body.equals(corpusBytes('betr'))).toBe(true);
    expect(archiveRequests(s).filter((r) => r.path.endsWith('.txt'))).toHaveLength(2);
    await expect(collect(secAdapter.backfill!({ from: '2025-03-10', to: '2025-03-07' }, contextFor(configFor(s))))).rejects.toThrow(
      /invalid backfill range/,
    );
  });

  it('reads tickers and exchanges from company_tickers_exchange.json', async () => {
    server = await startLoopbackServer();
    server.route('/files/company_tickers_exchange.json', { file: corpusPath('sec', 'tickers/company_tickers_exchange.json') });
    const references = await secAdapter.companyReference!(contextFor(configFor(server)));
    expect(references.length).toBeGreaterThan(7000);
    expect(references).toContainEqual({ match: { cik: '0000320193' }, ticker: 'AAPL', exchange: 'Nasdaq' });
    expect(references).toContainEqual({ match: { cik: '0001318605' }, ticker: 'TSLA', exchange: 'Nasdaq' });
    expect(new Set(references.map((r) => r.match.cik)).size).toBe(references.length);
    expect(server.requests.map((r) => [r.path, r.headers['user-agent']])).toEqual([['/files/company_tickers_exchange.json', USER_AGENT]]);
  });
});
