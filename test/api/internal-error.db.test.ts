import Router from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { READ_ROUTES } from '../../src/api/routes/index.js';
import { defineRoute, type ApiState } from '../../src/api/types.js';
import { createLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createTestKey, startTestApi, type ErrorBody, type TestApi } from '../helpers/api.js';

const SECRET = 'secret-detail-4f2a';

/** A keyed read route whose query fails inside PostgreSQL: a real, unexpected database error. */
const brokenQueryRoute = defineRoute({
  name: 'brokenQuery',
  path: '/broken-query',
  tag: 'test',
  summary: 'test only',
  query: z.strictObject({}),
  response: z.object({}),
  listing: false,
  sandbox: false,
  handler: async ({ db }) => db.raw(`select * from "no_table_${SECRET}"`),
});

/** A router that, like the sandbox's, is mounted with extraRouters; one handler throws an Error, one a bare string. */
function throwingRouter(): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/throwing' });
  router.get('/error', () => {
    throw new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
  });
  router.get('/string', () => {
    throw `${SECRET} thrown as a string`;
  });
  return router;
}

describe('an unexpected error in a handler', () => {
  let t: TestDatabase;
  let api: TestApi;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const { key } = await createTestKey(t.db);
    api = await startTestApi(t.db, {
      defaultKey: key,
      log: createLogger('error', {}, (line) => logLines.push(line)),
      routes: [...READ_ROUTES, brokenQueryRoute],
      extraRouters: () => [throwingRouter()],
    });
  });
  afterAll(async () => {
    await api.close();
    await t.drop();
  });

  it.each(['/api/v1/broken-query', '/api/v1/throwing/error', '/api/v1/throwing/string'])(
    '%s → 500 internal_error in the error envelope, with a request id, leaking nothing',
    async (path) => {
      const requestId = `trace-${path.replaceAll('/', '-')}`;
      const res = await api.get<ErrorBody>(path, { headers: { 'X-Request-Id': requestId } });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('x-request-id')).toBe(requestId);
      expect(res.body).toEqual({
        error: {
          code: 'internal_error',
          status: 500,
          requestId,
          message: expect.stringMatching(/exponential back-off/),
        },
      });
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toMatch(/\bat .+:\d+:\d+|TypeError|no_table|relation|stack/i);
      // …while the operator gets the whole story, tied to the same request id.
      const logged = logLines.find((line) => line.includes(requestId));
      expect(logged).toBeDefined();
      expect(logged).toContain(SECRET);
    },
  );

  it('does not disturb the next request', async () => {
    expect((await api.get('/api/v1/me')).status).toBe(200);
  });
});
