import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Router from '@koa/router';
import { openApiPath } from '../../src/api/openapi/document.js';
import { READ_ROUTES } from '../../src/api/routes/index.js';
import { createSandboxRouters, SANDBOX_REFUSALS } from '../../src/sandbox/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type ErrorBody, type TestApi } from '../helpers/api.js';

interface Operation {
  operationId: string;
  summary: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Record<string, unknown> }> }>;
  security?: unknown[];
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

interface MountedRoute {
  method: string;
  /** koa-router syntax: /api/v1/declarations/:id */
  path: string;
  /** Registered for every method (router.all): the sandbox's refusals of what it does not serve. */
  refusal: boolean;
}

/** Every route the running app mounts, read from the koa-router stacks behind its middleware. */
function mountedRoutes(app: TestApi['app']): MountedRoute[] {
  const routers = app.middleware.flatMap((middleware) => {
    const router = (middleware as { router?: Router }).router;
    return router ? [router] : [];
  });
  const seen = new Set<string>();
  const routes: MountedRoute[] = [];
  for (const layer of routers.flatMap((router) => router.stack)) {
    if (layer.methods.length === 0) continue; // router.use middleware, not a route
    const refusal = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].every((m) => layer.methods.includes(m));
    for (const method of refusal ? ['ALL'] : layer.methods.filter((m) => m !== 'HEAD')) {
      const key = `${method} ${layer.path}`;
      if (!seen.has(key)) routes.push({ method, path: String(layer.path), refusal });
      seen.add(key);
    }
  }
  return routes;
}

const toOpenApi = (koaPath: string) => koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const concrete = (path: string) =>
  path
    .replace(/[:{]id\}?/, encodeURIComponent('SEC:0000000000-00-000000'))
    .replace(/[:{]slug\}?/, 'no-such-slug')
    .replace('(.*)', 'no-such-route');

/** The playground page's own files: served, not API operations; the page itself (/) is documented. */
const PLAYGROUND_FILES = ['/index.html', '/playground/app.js', '/playground/pow-worker.js', '/playground/style.css'];

describe('OpenAPI document and /docs, for the app as `sigma serve` builds it', () => {
  let t: TestDatabase;
  let api: TestApi;
  let doc: OpenApiDoc;
  let mounted: MountedRoute[];

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, {
      defaultKey: key,
      env: { SIGMA_SANDBOX_ALLOW_LOOPBACK: 'true' },
      extraRouters: (deps) => createSandboxRouters(deps),
    });
    const res = await api.get<OpenApiDoc>('/api/v1/openapi.json', { key: null });
    expect(res.status).toBe(200);
    doc = res.body;
    mounted = mountedRoutes(api.app);
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it('is OpenAPI 3.1 and documents the 18 endpoints of API.md under their route names', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(READ_ROUTES).toHaveLength(18);
    for (const route of READ_ROUTES) expect(doc.paths[openApiPath(route.path)]?.get?.operationId, route.path).toBe(route.name);
  });

  it('the walk sees the read API, the sandbox and the pages', () => {
    const keys = mounted.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining(['GET /api/v1/declarations', 'POST /api/v1/sandbox/challenge', 'GET /api/v1/sandbox/declarations', 'GET /docs', 'GET /']),
    );
    expect(mounted.filter((r) => r.refusal).length).toBeGreaterThan(0);
  });

  it('every route the app mounts is documented (the playground files aside)', () => {
    const undocumented = mounted
      .filter((r) => !r.refusal && !PLAYGROUND_FILES.includes(r.path))
      .filter((r) => !doc.paths[toOpenApi(r.path)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.path}`);
    expect(undocumented).toEqual([]);
    expect(mounted.filter((r) => PLAYGROUND_FILES.includes(r.path)).map((r) => r.path).sort()).toEqual([...PLAYGROUND_FILES].sort());
  });

  it('every documented operation is mounted, and answers without a 404 not_found or a 5xx', async () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const route = mounted.find((r) => !r.refusal && toOpenApi(r.path) === path && r.method === method.toUpperCase());
        expect(route, `${method.toUpperCase()} ${path} is documented but not mounted`).toBeDefined();
        const url = concrete(path).replace('/api/v1/search', '/api/v1/search?q=ab');
        const keyless = op.security?.length === 0;
        const res = await fetch(api.url + url, {
          method: method.toUpperCase(),
          headers: keyless ? {} : { Authorization: `Bearer ${(await createTestKey(t.db)).key}` },
        });
        const body = (await res.text()).slice(0, 300);
        expect(res.status, `${method} ${url}: ${body}`).toBeLessThan(500);
        expect(body, `${method} ${url}`).not.toContain('"code":"not_found"');
        if (keyless) expect(body, `${method} ${url}`).not.toMatch(/"code":"(missing|invalid)_api_key"/);
      }
    }
  });

  it('the routes mounted for every method are refusals (not sandbox operations), so they need no entry', async () => {
    for (const route of mounted.filter((r) => r.refusal)) {
      const res = await api.get(concrete(route.path), { key: null });
      const code = res.body.error?.code as keyof typeof SANDBOX_REFUSALS;
      expect(SANDBOX_REFUSALS[code], `${route.path} → ${res.status} ${code}`).toMatchObject({ read: false, challenge: false });
      expect(res.status).toBe(SANDBOX_REFUSALS[code].status);
    }
  });

  it('documents the sandbox from its validating schemas: proof headers, the item cap, its refusal codes', async () => {
    const challengeOp = doc.paths['/api/v1/sandbox/challenge']!.post!;
    expect(challengeOp.security).toEqual([]);
    const offer = await fetch(`${api.url}/api/v1/sandbox/challenge`, { method: 'POST' });
    expect(offer.status).toBe(200);
    const body = (await offer.json()) as Record<string, unknown>;
    const offerSchema = challengeOp.responses['200']!.content!['application/json']!.schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(body).sort()).toEqual(Object.keys(offerSchema.properties).sort());
    expect(offerSchema.required.sort()).toEqual(Object.keys(body).sort());

    const served = READ_ROUTES.filter((r) => r.sandbox);
    expect(served.length).toBeGreaterThan(10);
    for (const route of served) {
      const op = doc.paths[`/api/v1/sandbox${toOpenApi(route.path)}`]?.get;
      expect(op, route.path).toBeDefined();
      const headers = Object.fromEntries(op!.parameters.filter((p) => p.in === 'header').map((p) => [p.name, p]));
      expect(headers['X-Sandbox-POW-Challenge']).toMatchObject({ required: true, schema: { type: 'string', maxLength: 512 } });
      expect(headers['X-Sandbox-POW-Solution']).toMatchObject({ required: true, schema: { type: 'string' } });
      expect(headers['X-Sandbox-Captcha-Token']).toMatchObject({ required: false });
      // the documented patterns are the ones that validate: a real challenge matches, a forged shape does not
      const challengePattern = new RegExp(headers['X-Sandbox-POW-Challenge']!.schema.pattern as string);
      expect(challengePattern.test(body.challenge as string)).toBe(true);
      expect(challengePattern.test(`x${body.challenge as string}`)).toBe(false);
      expect(new RegExp(headers['X-Sandbox-POW-Solution']!.schema.pattern as string).test('12345')).toBe(true);
      const keyed = doc.paths[openApiPath(route.path)]!.get!;
      expect(op!.parameters.filter((p) => p.in !== 'header').map((p) => p.name)).toEqual(keyed.parameters.map((p) => p.name));
      const limit = op!.parameters.find((p) => p.name === 'limit');
      if (limit) expect(limit.schema.maximum).toBe(api.config.sandbox.maxListingLimit);
      expect(op!.responses['200']!.headers).toHaveProperty('X-Sigma-Watermark');
    }
    for (const route of READ_ROUTES.filter((r) => !r.sandbox)) expect(doc.paths[`/api/v1/sandbox${toOpenApi(route.path)}`], route.path).toBeUndefined();

    const documentedCodes = (op: Operation) => Object.values(op.responses).map((r) => r.description).join(' ');
    const readOp = doc.paths['/api/v1/sandbox/declarations']!.get!;
    for (const [code, refusal] of Object.entries(SANDBOX_REFUSALS)) {
      if (refusal.read) expect(readOp.responses[String(refusal.status)]?.description, code).toContain(code);
      if (refusal.challenge) expect(challengeOp.responses[String(refusal.status)]?.description, code).toContain(code);
    }
    expect(documentedCodes(challengeOp)).not.toContain('sandbox_proof_missing');
    expect(doc.components.schemas).toHaveProperty('SandboxMeta');
  });

  it('a refusal the sandbox documents is what it sends: a call without proof is 401 sandbox_proof_missing', async () => {
    const res = await api.get('/api/v1/sandbox/declarations?limit=5', { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error!.code).toBe('sandbox_proof_missing');
    expect(doc.paths['/api/v1/sandbox/declarations']!.get!.responses['401']!.description).toContain('sandbox_proof_missing');
  });

  it('the challenge refuses unknown parameters like every operation', async () => {
    const res = await fetch(`${api.url}/api/v1/sandbox/challenge?difficulty=1`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.details).toEqual([expect.objectContaining({ parameter: 'difficulty' })]);
  });

  it('documents every /declarations parameter of API.md, generated from the validating schema', () => {
    const op = doc.paths['/api/v1/declarations']!.get!;
    const names = op.parameters.map((p) => p.name);
    for (const name of ['from', 'to', 'since', 'updatedSince', 'afterId', 'minScore', 'maxScore', 'direction', 'nature', 'cluster', 'planned', 'minAmount', 'maxAmount', 'company', 'insider', 'isin', 'ticker', 'role', 'market', 'sort', 'order', 'include', 'limit', 'offset']) {
      expect(names, name).toContain(name);
    }
    const limit = op.parameters.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } });
    expect(op.parameters.find((p) => p.name === 'sort')!.schema.enum).toEqual(['pubDate', 'signalScore', 'amount', 'updatedAt']);
    expect(op.parameters.find((p) => p.name === 'cluster')!.schema).toMatchObject({ type: 'boolean' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '429', '500']));
    const search = doc.paths['/api/v1/search']!.get!;
    expect(search.parameters.find((p) => p.name === 'q')!.required).toBe(true);
    const byId = doc.paths['/api/v1/declarations/{id}']!.get!;
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
