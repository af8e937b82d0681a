import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import { loadConfig } from '../../../src/config.js';
import { Scheduler } from '../../../src/ingest/scheduler.js';
import { sourcePollJob } from '../../../src/ingest/sources.js';
import { silentLogger } from '../../../src/log.js';
import { createTestKey, startTestApi, type TestApi } from '../../helpers/api.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertCompany, insertDeclaration, insertInsider } from '../../helpers/factories/declarations.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

interface SourceHealth {
  source: string;
  enabled: boolean;
  status: string;
  lastError: string | null;
  lastErrorAt: string | null;
  lastAttemptAt: string | null;
  consecutiveFailures: number;
}
interface Health {
  status: 'ok' | 'degraded';
  sources: SourceHealth[];
}

let t: TestDatabase;
let edgar: LoopbackServer;
let api: TestApi;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase();
  edgar = await startLoopbackServer();
  // EDGAR blocking us: every request is answered 403, as the SEC does to undeclared clients.
  edgar.route('/*', { status: 403, body: 'Your Request Originates from an Undeclared Automated Tool' });
  api = await startTestApi(t.db, { env: { SIGMA_SOURCES: 'sec' } });
  ({ key } = await createTestKey(t.db));
  const company = await insertCompany(t.db, { name: 'Acme Corp' });
  const insider = await insertInsider(t.db);
  await insertDeclaration(t.db, { companyId: company.id, insiderId: insider.id });
});
afterAll(async () => {
  await api?.close();
  await edgar?.close();
  await t?.drop();
});
beforeEach(async () => {
  await t.db.raw('truncate sources, job_state');
});

/**
 * One attempt of the real SEC poll job, run by the real scheduler (which records the outcome in
 * `sources` through the job's onOutcome); resolves once that outcome is stored.
 */
async function pollSecOnce(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ SIGMA_SOURCES: 'sec', SEC_BASE_URL: edgar.baseUrl, SIGMA_HTTP_RETRIES: '0', ...env });
  const job = sourcePollJob(secAdapter, { db: t.db, config, log: silentLogger, worker: 'test' });
  const scheduler = new Scheduler({ db: t.db, log: silentLogger, worker: 'test' }, [job]);
  const before = (await t.db('sources').where({ source: 'sec' }).first())?.last_attempt_at as Date | undefined;
  await t.db('job_state').where({ name: job.name }).update({ next_run_at: new Date(0) });
  await scheduler.tick();
  for (const deadline = Date.now() + 10_000; ; ) {
    const row = await t.db('sources').where({ source: 'sec' }).first();
    if (row?.last_attempt_at && (!before || row.last_attempt_at > before)) break;
    if (Date.now() > deadline) throw new Error('the SEC poll job recorded no outcome within 10 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  await scheduler.stop();
}

async function secHealth(): Promise<{ health: Health; sec: SourceHealth }> {
  const res = await api.get<Health>('/api/v1/health', { key: null });
  expect(res.status).toBe(200);
  const sec = res.body.sources.find((s) => s.source === 'sec');
  expect(sec, JSON.stringify(res.body.sources)).toBeDefined();
  return { health: res.body, sec: sec! };
}

async function otherRoutesStillAnswer(): Promise<void> {
  const me = await api.get('/api/v1/me', { key });
  expect(me.status).toBe(200);
  const declarations = await api.get<{ total: number }>('/api/v1/declarations', { key });
  expect(declarations.status).toBe(200);
  expect(declarations.body.total).toBe(1);
}

describe('/health after real SEC poll attempts', () => {
  it('live SEC without SEC_USER_AGENT: refused after its very first attempt, no request sent', async () => {
    const sent = edgar.requests.length;
    await pollSecOnce({});
    const { health, sec } = await secHealth();
    expect(sec).toMatchObject({ enabled: true, status: 'refused', consecutiveFailures: 1 });
    expect(sec.lastError).toMatch(/SEC_USER_AGENT is not set/);
    expect(sec.lastErrorAt).not.toBeNull();
    expect(health.status).toBe('degraded');
    expect(edgar.requests.length, 'a refused source must not reach EDGAR').toBe(sent);
    await otherRoutesStillAnswer();
  });

  it('EDGAR answering 403: failing, its HTTP error shown, each failed attempt counted', async () => {
    await pollSecOnce({ SEC_USER_AGENT: 'Sigma test ops@example.org' });
    expect((await secHealth()).sec).toMatchObject({ status: 'failing', consecutiveFailures: 1 });

    await pollSecOnce({ SEC_USER_AGENT: 'Sigma test ops@example.org' });
    const { health, sec } = await secHealth();
    expect(sec).toMatchObject({ enabled: true, status: 'failing', consecutiveFailures: 2 });
    expect(sec.lastError).toMatch(/HTTP 403.*\/cgi-bin\/browse-edgar/);
    expect(health.status).toBe('degraded');
    expect(edgar.requests.some((r) => r.path.startsWith('/cgi-bin/browse-edgar') && r.headers['user-agent'] === 'Sigma test ops@example.org')).toBe(true);
    await otherRoutesStillAnswer();
  });
});
