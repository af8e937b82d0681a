import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBafinAdapter } from '../../../adapters/bafin/index.js';
import { isSkipped, type FetchContext } from '../../../adapters/types.js';
import { createHttpClient } from '../../../src/http/client.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';
import { collectPages, europeFetchContext } from '../../helpers/fetch-context.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';

const EXPORT_PATH = '/database/DealingsInfo/sucheForm.do';
const query = (req: RecordedRequest) => new URL(req.path, 'http://x').searchParams;

function context(baseUrl: string): FetchContext {
  return europeFetchContext({ BAFIN_BASE_URL: baseUrl, BAFIN_MAX_RPS: '5', SIGMA_HTTP_RETRIES: '2' });
}

describe.runIf(hasCorpus('de'))('BaFin fetch against a loopback DealingsInfo', () => {
  let server: LoopbackServer;
  const csv = () => readFileSync(corpusPath('de', 'bafin_dealingsinfo', 'bafin_dealings.csv'));
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads the 12-month window in monthly slices on the first poll, through the export URL', async () => {
    server.route(EXPORT_PATH, { body: csv(), headers: { 'content-type': 'text/csv;charset=UTF-8' } });
    const adapter = createBafinAdapter({ now: () => new Date('2026-07-02T10:00:00Z')});
    const pages = await collectPages(adapter.poll(null, context(server.baseUrl)));

    expect(pages).toHaveLength(12);
    const first = query(server.requests[0]!);
    expect(Object.fromEntries(first)).toEqual({
      zeitraum: '2',
      zeitraumVon: '03.07.2025',
      zeitraumBis: '02.08.2025',
      emittentName: '',
      emittentIsin: '',
      meldepflichtigerName: '',
      emittentButton: 'Suche Emittent',
      'd-4000784-e': '1',
      '6578706f7274': '1',
      locale: 'de_DE',
    });
    expect(query(server.requests[11]!).get('zeitraumBis')).toBe('02.07.2026');
    expect(server.requests[0]!.headers['user-agent']).toBe('Sigma/0.1 (self-hosted insider-dealing aggregator)');
    expect(pages[0]!.cursor).toEqual({ lastActivation: '2026-07-01' });
    const outcome = adapter.parse(pages[0]!.documents[0]!);
    expect(isSkipped(outcome) ? 0 : outcome.records.length).toBe(6);
  });

  it('re-reads a few days before the last activation on later polls, and retries a 503', async () => {
    server.route(EXPORT_PATH, { body: csv() });
    server.failNext(EXPORT_PATH, 1, { status: 503, headers: { 'retry-after': '0' } });
    const adapter = createBafinAdapter({ now: () => new Date('2026-07-02T10:00:00Z')});
    const pages = await collectPages(adapter.poll({ lastActivation: '2026-07-01' }, context(server.baseUrl)));
    expect(pages).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
    expect(query(server.requests[1]!).get('zeitraumVon')).toBe('28.06.2026');
    expect(query(server.requests[1]!).get('zeitraumBis')).toBe('02.07.2026');
  });

  it('clamps a backfill to the twelve months the register keeps', async () => {
    server.route(EXPORT_PATH, { body: csv() });
    const adapter = createBafinAdapter({ now: () => new Date('2026-07-02T10:00:00Z'), sliceDays: 31 });
    await collectPages(adapter.backfill!({ from: '2024-01-01', to: '2025-08-15' }, context(server.baseUrl)));
    expect(server.requests.map((r) => [query(r).get('zeitraumVon'), query(r).get('zeitraumBis')])).toEqual([
      ['03.07.2025', '02.08.2025'],
      ['03.08.2025', '15.08.2025'],
    ]);
  });
});

describe('the shared client reading leniently, for BaFin', () => {
  let raw: net.Server;
  let baseUrl: string;
  const body = 'Emittent;BaFin-ID\nX;1\n';
  beforeEach(async () => {
    // A response with a control character in a header value: llhttp in strict mode (fetch) refuses it.
    raw = net.createServer((socket) => {
      socket.once('data', () => {
        socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nX-Portal: a\x01b\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(raw.address() as net.AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });

  it('reads a malformed response that fetch rejects', async () => {
    await expect(fetch(`${baseUrl}/x`)).rejects.toThrow();
    const http = createHttpClient({ userAgent: 'test', timeoutMs: 2000, retries: 0, defaultPerSecond: 100 });
    await expect(http.get(`${baseUrl}/x`)).rejects.toThrow();
    const response = await http.get(`${baseUrl}/x`, { lenient: true });
    expect(response.status).toBe(200);
    expect(response.text()).toBe(body);
  });
});
