import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAmfAdapter } from '../../../adapters/amf/index.js';
import { isSkipped, type FetchContext, type SourceCursor } from '../../../adapters/types.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { collectPages, europeFetchContext } from '../../helpers/fetch-context.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';
import { amfDeclarationPdf, baseSpec } from '../../unit/amf/helpers/amf-layout.js';

interface Listing {
  result: Array<{ numero: string; typesInformation: string[]; documents: Array<{ path: string }> }>;
  total: number;
}

const realListing = (): Listing => JSON.parse(readFileSync(corpusPath('fr', 'bdif_api', 'amf-test-DD.json'), 'utf8')) as Listing;
const vadListing = (): Listing => JSON.parse(readFileSync(corpusPath('fr', 'bdif_api', 'other_types', 'amf-test-VAD.json'), 'utf8')) as Listing;
const query = (req: RecordedRequest) => new URL(req.path, 'http://x').searchParams;

function context(server: LoopbackServer): FetchContext {
  return europeFetchContext({ AMF_BASE_URL: server.baseUrl, AMF_MAX_RPS: '10', AMF_INITIAL_DAYS: '40' });
}

describe.runIf(hasCorpus('fr'))('AMF fetch against a loopback BDIF', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
    // Each listed DD gets a PDF carrying its own numero, served under its real document path.
    for (const item of realListing().result) {
      server.route(`/back/api/v1/documents/${item.documents[0]!.path}`, {
        body: amfDeclarationPdf(baseSpec({ numero: item.numero })),
        headers: { 'content-type': 'application/pdf' },
      });
    }
  });
  afterEach(async () => {
    await server.close();
  });

  it('lists DD items by date window and offset, keeps only DD items, downloads their PDFs', async () => {
    server.route('/back/api/v1/informations', (req) => {
      const offset = Number(query(req).get('From'));
      if (offset > 0) return { body: JSON.stringify({ result: [], total: 401 }) };
      const listing = realListing();
      // A stray non-DD item must not be downloaded.
      listing.result.push(vadListing().result[0]!);
      return { body: JSON.stringify(listing), headers: { 'content-type': 'application/json' } };
    });
    const adapter = createAmfAdapter({ now: () => new Date('2026-03-31T10:00:00Z') });
    const pages = await collectPages(adapter.poll(null, context(server)));

    const listingRequests = server.requests.filter((r) => r.path.startsWith('/back/api/v1/informations'));
    const first = query(listingRequests[0]!);
    expect(Object.fromEntries(first)).toMatchObject({ TypesInformation: 'DD', From: '0', Size: '100', DateDebut: '2026-02-19', DateFin: '2026-04-01' });
    expect(query(listingRequests[1]!).get('From')).toBe('6');
    expect(listingRequests[0]!.headers.accept).toBe('application/json');
    expect(listingRequests[0]!.headers.referer).toBe(`${server.baseUrl}/fr`);

    const documents = pages.flatMap((p) => p.documents);
    expect(documents.map((d) => d.sourceId)).toEqual(['2026DD1104083', '2026DD1101572', '2026DD1101269', '2026DD1100687', '2026DD1096811']);
    expect(server.requests.filter((r) => r.path.includes('2026E1097811'))).toHaveLength(0);
    expect(pages[pages.length - 1]!.cursor).toEqual({ since: '2026-03-30', seen: ['2026DD1104083'] });

    const raw = documents[0]!;
    const outcome = adapter.parse(raw);
    if (isSkipped(outcome)) throw new Error(outcome.skipped);
    const draft = adapter.normalize(outcome.records[0]!, raw);
    expect(draft).toMatchObject({ id: 'AMF:2026DD1104083', pubDate: '2026-03-30T16:06:07.687Z', company: { sourceCompanyId: 'AMF:RS00001689' } });
  });

  it('does not download again what the cursor has seen', async () => {
    server.route('/back/api/v1/informations', (req) =>
      Number(query(req).get('From')) > 0 ? { body: JSON.stringify({ result: [], total: 5 }) } : { body: JSON.stringify(realListing()) },
    );
    const adapter = createAmfAdapter({ now: () => new Date('2026-03-31T10:00:00Z') });
    const cursor: SourceCursor = { since: '2026-03-30', seen: ['2026DD1104083'] };
    const pages = await collectPages(adapter.poll(cursor, context(server)));
    expect(query(server.requests[0]!).get('DateDebut')).toBe('2026-03-30');
    expect(pages.flatMap((p) => p.documents.map((d) => d.sourceId))).not.toContain('2026DD1104083');
    expect(pages[pages.length - 1]!.cursor).toEqual({ since: '2026-03-30', seen: ['2026DD1104083'] });
  });

  it('splits a window whose count reaches the 10,000 cap', async () => {
    server.route('/back/api/v1/informations', (req) => {
      const q = query(req);
      const days = (Date.parse(q.get('DateFin')!) - Date.parse(q.get('DateDebut')!)) / 86_400_000;
      return { body: JSON.stringify({ result: [], total: days > 8 ? 10_000 : 0 }) };
    });
    const adapter = createAmfAdapter();
    await collectPages(adapter.backfill!({ from: '2026-01-01', to: '2026-01-31' }, context(server)));
    const windows = server.requests.map((r) => `${query(r).get('DateDebut')}..${query(r).get('DateFin')}`);
    expect(windows[0]).toBe('2026-01-01..2026-02-01');
    expect(windows).toContain('2026-01-01..2026-01-16');
    expect(windows).toContain('2026-01-16..2026-02-01');
    expect(windows.length).toBeGreaterThan(3);
  });

  it('fetches one declaration by numero through the single-item endpoint', async () => {
    const item = realListing().result[2]!;
    server.route(`/back/api/v1/informations/${item.numero}`, { body: JSON.stringify(item) });
    const adapter = createAmfAdapter();
    const doc = await adapter.fetchDeclaration(item.numero, context(server));
    expect(doc?.sourceId).toBe('2026DD1101269');
    expect(await adapter.fetchDeclaration('2026DD0000000', context(server))).toBeNull();
  });
});
