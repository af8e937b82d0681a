import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/api/openapi/document.js';
import { READ_ROUTES } from '../../src/api/routes/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type TestApi } from '../helpers/api.js';

interface Operation {
  operationId: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  responses: Record<string, unknown>;
  security?: unknown[];
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, { get: Operation }>;
}

describe('OpenAPI document and /docs', () => {
  let t: TestDatabase;
  let api: TestApi;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, { defaultKey: key });
    const res = await api.get<OpenApiDoc>('/api/v1/openapi.json', { key: null });
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('is OpenAPI 3.1 and documents the 18 endpoints of API.md', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(READ_ROUTES).toHaveLength(18);
    for (const route of READ_ROUTES) {
      const op = doc.paths[openApiPath(route.path)]?.get;
      expect(op, route.path).toBeDefined();
      expect(op!.operationId).toBe(route.name);
    }
  });

  it('every documented route exists on the server (no 404 not_found), with a key where one is needed', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const concrete = path.replace('{id}', 'SEC:0000000000-00-000000').replace('{slug}', 'no-such-slug');
      const res = await api.get(concrete.replace('/search', '/search?q=ab'));
      expect(res.body.error?.code, path).not.toBe('not_found');
      expect(res.status, path).toBeLessThan(500);
      if (item.get.security?.length === 0) expect((await api.get(concrete, { key: null })).status, path).not.toBe(401);
    }
    const unknown = await api.get('/api/v1/not-documented');
    expect(unknown.body.error?.code).toBe('not_found');
  });

  it('documents every /declarations parameter of API.md, generated from the validating schema', () => {
    const op = doc.paths['/api/v1/declarations']!.get;
    const names = op.parameters.map((p) => p.name);
    for (const name of ['from', 'to', 'since', 'updatedSince', 'afterId', 'minScore', 'maxScore', 'direction', 'nature', 'cluster', 'planned', 'minAmount', 'maxAmount', 'company', 'insider', 'isin', 'ticker', 'role', 'market', 'sort', 'order', 'include', 'limit', 'offset']) {
      expect(names, name).toContain(name);
    }
    const limit = op.parameters.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
    expect(op.parameters.find((p) => p.name === 'sort')!.schema.enum).toEqual(['pubDate', 'signalScore', 'amount', 'updatedAt']);
    expect(op.parameters.find((p) => p.name === 'cluster')!.schema).toMatchObject({ type: 'boolean' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '429', '500']));
    const search = doc.paths['/api/v1/search']!.get;
    expect(search.parameters.find((p) => p.name === 'q')!.required).toBe(true);
    const byId = doc.paths['/api/v1/declarations/{id}']!.get;
    expect(byId.parameters.find((p) => p.name === 'id')).toMatchObject({ in: 'path', required: true });
  });

  it('the polling recipe is documented', () => {
    const text = JSON.stringify(doc);
    expect(text).toContain('updatedSince=<last updatedAt>&afterId=<last id>');
  });

  it('/docs is a self-contained HTML reference of every route', async () => {
    const res = await fetch(`${api.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const path of Object.keys(doc.paths)) expect(html).toContain(path);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:|@import|src="https?:/);
    expect(html).toContain('invalid_parameter');
  });
});
