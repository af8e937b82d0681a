import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonSchema } from '../../src/api/openapi/document.js';
import { READ_ROUTES } from '../../src/api/routes/index.js';
import { KNOWN_MARKETS } from '../../src/model/markets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';
import { insertCompany, insertDeclaration, insertInsider } from '../helpers/factories/declarations.js';

describe('request validation and error codes', () => {
  let t: TestDatabase;
  let api: TestApi;
  let companySlug: string;
  let insiderSlug: string;
  let declarationId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const company = await insertCompany(t.db, { name: 'Valid Co' });
    const insider = await insertInsider(t.db, { name: 'Val Idator' });
    companySlug = company.slug;
    insiderSlug = insider.slug;
    declarationId = await insertDeclaration(t.db, { companyId: company.id, insiderId: insider.id, signalScore: 50 });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  const badRequests: Array<[string, string, RegExp]> = [
    ['/declarations?limit=0', 'limit', /at least 1/],
    ['/declarations?limit=201', 'limit', /at most 200/],
    ['/declarations?limit=abc', 'limit', /whole number/],
    ['/declarations?limit=', 'limit', /whole number/],
    ['/declarations?limit=1.5', 'limit', /whole number/],
    ['/declarations?offset=-1', 'offset', /at least 0/],
    ['/declarations?sort=price', 'sort', /pubDate, signalScore, amount, updatedAt/],
    ['/declarations?order=up', 'order', /asc, desc/],
    ['/declarations?from=2026-02-30', 'from', /real YYYY-MM-DD/],
    ['/declarations?since=yesterday', 'since', /ISO 8601/],
    ['/declarations?from=2026-01-01&since=2026-01-01', 'since', /alias of from/],
    ['/declarations?minScore=101', 'minScore', /at most 100/],
    ['/declarations?minScore=80&maxScore=20', 'minScore', /maxScore/],
    ['/declarations?direction=HOLD', 'direction', /BUY, SELL/],
    ['/declarations?nature=BUY,STEAL', 'nature', /STEAL/],
    ['/declarations?cluster=yes', 'cluster', /true, false/],
    ['/declarations?market=usa', 'market', /two-letter/],
    ['/declarations?isin=US123', 'isin', /ISIN/],
    ['/declarations?company=a', 'company', /at least 2/],
    ['/declarations?afterId=SEC:1', 'afterId', /order=asc/],
    ['/declarations?afterId=SEC:1&order=asc', 'afterId', /since/],
    ['/declarations?afterId=SEC:1&order=asc&sort=updatedAt', 'afterId', /updatedSince/],
    ['/declarations?bogus=1', 'bogus', /unknown parameter/],
    ['/declarations?limit=1&limit=2', 'limit', /more than once/],
    ['/declarations?include=everything', 'include', /backtest/],
    ['/signals?lookbackDays=366', 'lookbackDays', /at most 365/],
    ['/signals?limit=101', 'limit', /at most 100/],
    ['/clusters?minInsiders=1', 'minInsiders', /at least 2/],
    ['/companies?sort=size', 'sort', /name, marketCap, declarations, recent/],
    ['/companies/UPPER', 'slug', /slug/],
    ['/search?q=a', 'q', /at least 2/],
    ['/search', 'q', /.+/],
    ['/search?q=ab&limit=51', 'limit', /at most 50/],
    ['/me?x=1', 'x', /accepts: no parameters/],
    ['/backtest?from=2026-05-01&to=2026-01-01', 'to', /before from/],
    ['/declarations?updatedSince=yesterday', 'updatedSince', /ISO 8601/],
    ['/declarations?updatedSince=2026-02-30T10:00:00Z', 'updatedSince', /real YYYY-MM-DD/],
    ['/declarations?maxScore=-1', 'maxScore', /at least 0/],
    ['/declarations?maxScore=high', 'maxScore', /must be a number/],
    ['/declarations?planned=1', 'planned', /true, false/],
    ['/declarations?minAmount=-5', 'minAmount', /at least 0/],
    ['/declarations?maxAmount=lots', 'maxAmount', /must be a number/],
    ['/declarations?maxAmount=', 'maxAmount', /must be a number/],
    ['/declarations?minAmount=1000&maxAmount=10', 'minAmount', /must not exceed maxAmount/],
    ['/declarations?role=JANITOR', 'role', /not: "JANITOR"/],
    ['/declarations?ticker=$$$', 'ticker', /ticker symbol/],
    ['/declarations?ticker=', 'ticker', /ticker symbol/],
    ['/declarations?insider=x', 'insider', /at least 2/],
    ['/declarations?market=zz', 'market', /unknown market code "zz"; known codes: .*us, .*fr/],
    ['/declarations?market=us,zz', 'market', /unknown market code "zz"/],
    ['/companies/{company}/flow?bucket=day', 'bucket', /month, week/],
    ['/companies/{company}/flow?from=2026-13-01', 'from', /real YYYY-MM-DD/],
    ['/companies/{company}/flow?to=soon', 'to', /ISO 8601/],
    ['/companies/{company}/flow?from=2026-05-01&to=2026-01-01', 'to', /before from/],
    ['/clusters?windowDays=0', 'windowDays', /at least 1/],
    ['/clusters?windowDays=366', 'windowDays', /at most 365/],
    ['/clusters?lookbackDays=3651', 'lookbackDays', /at most 3650/],
    ['/clusters?lookbackDays=ninety', 'lookbackDays', /whole number/],
    ['/insiders?market=usa', 'market', /two-letter/],
    ['/insiders?market=zz', 'market', /unknown market code/],
    ['/backtest?market=zz', 'market', /unknown market code/],
    ['/backtest?minScore=101', 'minScore', /at most 100/],
    ['/backtest?minScore=top', 'minScore', /must be a number/],
  ];

  it.each(badRequests)('%s → 400 invalid_parameter naming %s', async (path, parameter, message) => {
    const res = await api.get(`/api/v1${path.replace('{company}', companySlug)}`);
    expect(res.status).toBe(400);
    expect(res.body.error!.code).toBe('invalid_parameter');
    expect(res.body.error!.requestId).toBe(res.headers.get('x-request-id'));
    const detail = res.body.error!.details!.find((d) => d.parameter === parameter);
    expect(detail, JSON.stringify(res.body.error)).toBeDefined();
    expect(detail!.message).toMatch(message);
    expect(res.body.error!.message).toContain(parameter);
  });

  const routesWithMarket = READ_ROUTES.filter((route) => 'market' in ((toJsonSchema(route.query) as { properties?: object }).properties ?? {}));

  it('an unknown market code is a 400 naming market and listing the known codes, on every route that takes market', async () => {
    expect(routesWithMarket.map((r) => r.name)).toEqual(
      expect.arrayContaining(['listDeclarations', 'listSignals', 'listClusters', 'listCompanies', 'listInsiders', 'getBacktest']),
    );
    for (const route of routesWithMarket) {
      const path = route.path.replace(':slug', route.path.startsWith('/insiders') ? insiderSlug : companySlug);
      const res = await api.get(`/api/v1${path}?market=zz`);
      expect(res.status, path).toBe(400);
      expect(res.body.error!.code, path).toBe('invalid_parameter');
      const detail = res.body.error!.details!.find((d) => d.parameter === 'market');
      expect(detail!.message, path).toContain(`known codes: ${KNOWN_MARKETS.join(', ')}`);
      // a known code is still served
      expect((await api.get(`/api/v1${path}?market=US`)).status, path).toBe(200);
    }
  });

  it('reports every bad parameter at once', async () => {
    const res = await api.get('/api/v1/declarations?limit=0&offset=x&zzz=1');
    expect(res.body.error!.details!.map((d) => d.parameter).sort()).toEqual(['limit', 'offset', 'zzz']);
  });

  it('404s carry their specific codes', async () => {
    expect((await api.get('/api/v1/companies/no-such-co')).body.error!.code).toBe('company_not_found');
    expect((await api.get('/api/v1/companies/no-such-co/flow')).body.error!.code).toBe('company_not_found');
    expect((await api.get('/api/v1/insiders/no-such-person')).body.error!.code).toBe('insider_not_found');
    expect((await api.get('/api/v1/declarations/SEC:nope')).body.error!.code).toBe('declaration_not_found');
    expect((await api.get('/api/v1/declarations/SEC:nope/score')).body.error!.code).toBe('declaration_not_found');
    const unknown = await api.get('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error!.code).toBe('not_found');
  });

  it('malformed percent-encoding is never a 5xx (paths: 4xx; query values are taken literally)', async () => {
    for (const path of ['/api/v1/companies/%E0%A4%A', '/api/v1/declarations/SEC:%ZZ', '/api/v1/insiders/%']) {
      const res = await api.get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    const literal = await api.get<{ total: number }>('/api/v1/declarations?company=%E0%A4%A');
    expect(literal.status).toBe(200);
    expect(literal.body.total).toBe(0);
  });

  it('a write method gets 405 with Allow', async () => {
    const res = await fetch(`${api.url}/api/v1/declarations`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });

  it('valid edge values are accepted, not clamped', async () => {
    const res = await api.get('/api/v1/declarations?limit=200&offset=0&from=2026-03-03&to=2026-03-03&market=US&nature=buy');
    expect(res.status).toBe(200);
    expect(res.body.limit).toBe(200);
    expect(res.body.total).toBe(1);
    const detail = await api.get(`/api/v1/declarations/${encodeURIComponent(declarationId)}`);
    expect(detail.status).toBe(200);
  });

  it('property: random query strings on every listing never produce a 5xx', async () => {
    const listings = READ_ROUTES.filter((r) => r.listing || r.name === 'search' || r.name === 'getBacktest' || r.name === 'getCompanyFlow');
    const paths = listings.map((r) => r.path.replace(':slug', r.path.startsWith('/insiders') ? insiderSlug : companySlug));
    const names = ['limit', 'offset', 'from', 'to', 'since', 'updatedSince', 'afterId', 'minScore', 'maxScore', 'direction', 'nature', 'cluster', 'planned', 'minAmount', 'maxAmount', 'company', 'insider', 'isin', 'ticker', 'role', 'market', 'sort', 'order', 'include', 'q', 'bucket', 'lookbackDays', 'windowDays', 'minInsiders'];
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('0', '-1', '1', '200', '201', '1e3', 'NaN', '9999999999999999999', '2026-01-01', '2026-13-45', '2026-01-01T00:00:00Z', 'BUY', 'SELL,BUY', 'asc', 'pubDate', 'true', 'us,fr', 'SEC:1', '%', '_', "'", '\\'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), value), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), query, async (path, pairs) => {
        const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await api.get(`/api/v1${path}?${qs}`);
        expect(res.status, `${path}?${qs} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
        expect([200, 400, 404]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });
});
