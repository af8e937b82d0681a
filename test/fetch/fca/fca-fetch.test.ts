import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NSM_PDMR_TYPE_CODES } from '../../../adapters/fca/codes.js';
import { nsmSearchBody } from '../../../adapters/fca/fetch.js';
import { createFcaAdapter } from '../../../adapters/fca/index.js';
import { isSkipped, type FetchContext, type SourceCursor } from '../../../adapters/types.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { collectPages, europeFetchContext } from '../../helpers/fetch-context.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/fca/${name}`, import.meta.url));
const PDMR_UUID = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
const NOW = new Date('2026-04-28T12:00:00Z');

function context(server: LoopbackServer, discovery: 'nsm' | 'investegate' | 'both'): FetchContext {
  return europeFetchContext({
    FCA_DISCOVERY: discovery,
    FCA_NSM_API_URL: server.baseUrl,
    FCA_NSM_ARTEFACT_URL: `${server.baseUrl}/artefacts`,
    INVESTEGATE_BASE_URL: server.baseUrl,
    SIGMA_HTTP_RETRIES: '2',
    FCA_MAX_RPS: '10',
  });
}

/** The real NSM answer (three "Disposal" hits) plus one PDMR hit pointing at the real artefact. */
function nsmAnswer(): string {
  const real = JSON.parse(readFileSync(corpusPath('uk', 'fca_nsm', 'fca-test.json'), 'utf8')) as {
    hits: { total: { value: number }; hits: Array<{ _id: string; _source: Record<string, unknown> }> };
  };
  const template = real.hits.hits[0]!;
  const pdmr = {
    ...template,
    _id: PDMR_UUID,
    _source: {
      ...template._source,
      type: 'Director/PDMR Shareholding',
      type_code: 'DSH',
      headline: 'PDMR Transaction',
      company: 'ON THE BEACH GROUP PLC',
      download_link: `NSM/RNS/${PDMR_UUID}.html`,
      disclosure_id: PDMR_UUID,
      seq_id: PDMR_UUID,
      publication_date: '2026-04-28T07:00:03Z',
    },
  };
  real.hits.hits = [pdmr, ...real.hits.hits];
  real.hits.total.value = real.hits.hits.length;
  return JSON.stringify(real);
}

describe.runIf(hasCorpus('uk'))('FCA fetch against a loopback server', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('NSM: searches by POST, downloads only PDMR artefacts, and remembers what it has', async () => {
    server.route('/search', (req) => (req.method === 'POST' ? { body: nsmAnswer(), headers: { 'content-type': 'application/json' } } : { status: 405 }));
    server.route(`/artefacts/NSM/RNS/${PDMR_UUID}.html`, { file: corpusPath('uk', 'fca_nsm', 'fca_uk_rns.html'), headers: { 'content-type': 'text/html' } });
    const adapter = createFcaAdapter({ now: () => NOW });
    const ctx = context(server, 'nsm');

    const pages = await collectPages(adapter.poll(null, ctx));
    const documents = pages.flatMap((p) => p.documents);
    expect(documents.map((d) => [d.sourceId, d.url])).toEqual([['RNS-1071D-20240905', `${server.baseUrl}/artefacts/NSM/RNS/${PDMR_UUID}.html`]]);
    const search = server.requests.filter((r) => r.path.startsWith('/search'));
    expect(search.map((r) => [r.method, r.path, r.headers['content-type']])).toEqual([['POST', '/search?index=fca-nsm-searchdata', 'application/json']]);
    expect(search[0]!.headers['user-agent']).toBe(ctx.config.europe.userAgent);
    expect(server.requests.filter((r) => r.path.startsWith('/artefacts'))).toHaveLength(1);
    const cursor = pages[pages.length - 1]!.cursor as SourceCursor;
    expect(cursor).toEqual({ nsmSince: '2026-04-28T07:00:03Z', nsmSeen: [PDMR_UUID], investegateLastId: null });

    const outcome = adapter.parse(documents[0]!);
    expect(isSkipped(outcome) ? [] : outcome.records.map((r) => r.notification.person.name)).toEqual(['Adam Hansen']);

    server.requests.length = 0;
    const again = await collectPages(adapter.poll(cursor, ctx));
    expect(again.flatMap((p) => p.documents)).toEqual([]);
    expect(server.requests.filter((r) => r.path.startsWith('/artefacts'))).toHaveLength(0);
  });

  it('Investegate: reads the category index, keeps PDMR headlines, fetches oldest first', async () => {
    server.route('/category/directors-dealings', { file: fixture('investegate-category.html'), headers: { 'content-type': 'text/html' } });
    const pages: Record<number, string> = {
      9562545: '/announcement/rns/f-c-investment-trust--fcit/director-pdmr-shareholding/9562545',
      9564757: '/announcement/rns/personal-group-holdings--pgh/director-pdmr-shareholding/9564757',
      9564893: '/announcement/rns/barclays--barc/director-pdmr-shareholding/9564893',
    };
    const files: Record<number, string> = { 9562545: 'clean_buy_9562545.html', 9564757: 'clean_sell_9564757.html', 9564893: 'sip_barclays_9564893.html' };
    for (const [id, path] of Object.entries(pages)) server.route(path, { file: corpusPath('uk', 'investegate', files[Number(id)]!) });
    server.failNext(pages[9564757]!, 1, { status: 429, headers: { 'retry-after': '0' } });
    const adapter = createFcaAdapter({ now: () => NOW });
    const ctx = context(server, 'investegate');

    const result = await collectPages(adapter.poll(null, ctx));
    expect(result.map((p) => p.documents.map((d) => d.sourceId))).toEqual([['INV-9562545'], ['INV-9564757'], ['INV-9564893']]);
    expect(result.map((p) => (p.cursor as SourceCursor).investegateLastId)).toEqual([9562545, 9564757, 9564893]);
    expect(server.requests.filter((r) => r.path === pages[9564757]).length).toBe(2);
    expect(server.requests.some((r) => /own-shares|final-results/.test(r.path))).toBe(false);
    for (const page of result) {
      const outcome = adapter.parse(page.documents[0]!);
      expect(isSkipped(outcome) ? 0 : outcome.records.length).toBe(1);
    }

    server.requests.length = 0;
    const later = await collectPages(adapter.poll({ nsmSince: null, nsmSeen: [], investegateLastId: 9564757 }, ctx));
    expect(later.flatMap((p) => p.documents.map((d) => d.sourceId))).toEqual(['INV-9564893']);
    expect(server.requests.filter((r) => r.path.startsWith('/category'))).toHaveLength(1);
  });

});

/** Needs no corpus: the NSM answers are empty and only the search requests matter. */
describe('FCA backfill against a loopback NSM', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('searches NSM month by month in contiguous, non-overlapping publication-date windows', async () => {
    server.route('/search', { body: JSON.stringify({ hits: { total: { value: 0 }, hits: [] } }), headers: { 'content-type': 'application/json' } });
    const adapter = createFcaAdapter({ now: () => NOW });
    await collectPages(adapter.backfill!({ from: '2026-01-15', to: '2026-03-10' }, context(server, 'nsm')));

    const searches = server.requests.filter((r) => r.path.startsWith('/search'));
    expect(searches.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    const bodies = searches.map((r) => JSON.parse(r.body) as ReturnType<typeof nsmSearchBody>);
    for (const body of bodies) {
      expect(body.from).toBe(0);
      expect(body.criteriaObj.criteria).toEqual([{ name: 'type_code', value: [...NSM_PDMR_TYPE_CODES] }]);
      expect(body.criteriaObj.dateCriteria.map((c) => c.name)).toEqual(['publication_date']);
    }
    const windows = bodies.map((b) => b.criteriaObj.dateCriteria[0]!.value);
    expect(windows).toEqual([
      { from: '2026-01-15T00:00:00Z', to: '2026-01-31T23:59:59Z' },
      { from: '2026-02-01T00:00:00Z', to: '2026-02-28T23:59:59Z' },
      { from: '2026-03-01T00:00:00Z', to: '2026-03-10T23:59:59Z' },
    ]);
    // NSM publication dates have whole seconds: each window starts one second after the last ends.
    for (const [i, w] of windows.entries()) {
      expect(Date.parse(w.from)).toBeLessThan(Date.parse(w.to));
      if (i > 0) expect(Date.parse(w.from) - Date.parse(windows[i - 1]!.to)).toBe(1000);
    }
  });
});
