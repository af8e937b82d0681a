import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreCommand } from '../../../src/cli/commands/score.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertCompany, insertDeclaration, insertInsider } from '../../helpers/factories/signals.js';

describe('sigma score', () => {
  let t: TestDatabase;
  let id: string;
  const run = async (...argv: string[]) => {
    const chunks: string[] = [];
    const code = await scoreCommand(argv, { db: t.db, config: loadConfig({}), log: silentLogger, out: (s) => chunks.push(s) });
    return { code, output: chunks.join('') };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    const companyId = await insertCompany(t.db);
    id = await insertDeclaration(t.db, { companyId, insiderId: await insertInsider(t.db), pubDate: '2024-03-12T21:05:00.000Z' });
  });
  afterAll(async () => t.drop());

  it('--rescore-all scores everything and gives identical results when run twice', async () => {
    const first = await run('--rescore-all', '--backtest');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.output).scoring).toMatchObject({ considered: 1, written: 1, stamped: 1 });
    const audit = (await run('--audit', id)).output;
    const second = await run('--rescore-all');
    expect(JSON.parse(second.output).scoring).toMatchObject({ considered: 1, written: 0, stamped: 0 });
    expect((await run('--audit', id)).output).toBe(audit);
  });

  it('prints a score audit with the nine factors and the inputs', async () => {
    const { code, output } = await run('--audit', id);
    expect(code).toBe(0);
    const audit = JSON.parse(output);
    expect(audit.factors).toHaveLength(9);
    expect(audit.inputs.declarationId).toBe(id);
  });

  it('by default scores only stale declarations', async () => {
    const { output } = await run();
    expect(JSON.parse(output).scoring.considered).toBe(0);
  });

  it('prints the backtest report card', async () => {
    const { code, output } = await run('--report', '--direction', 'BUY', '--market', 'us');
    expect(code).toBe(0);
    expect(JSON.parse(output).horizons).toEqual([1, 5, 21, 63, 126, 252]);
  });

  it('answers 1 for an unknown declaration and 2 for bad usage', async () => {
    expect((await run('--audit', 'TEST:nope')).code).toBe(1);
    expect((await run('--bogus')).code).toBe(2);
    expect((await run('--rescore-all', '--ids', 'A')).code).toBe(2);
    expect((await run('--report', '--direction', 'HOLD')).code).toBe(2);
    expect((await run('--report', '--min-score', '101')).code).toBe(2);
    const help = await run('--help');
    expect([help.code, help.output.startsWith('Usage: sigma score')]).toEqual([0, true]);
  });
});
