import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDeclaration } from '../../../scoring/index.js';
import type { ScoringInput } from '../../../scoring/types.js';
import { getScoreAudit, type ScoreAudit } from '../../../src/signals/audit.js';
import { NON_CANONICAL_REASON, scoreDeclarations } from '../../../src/signals/score.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import {
  insertBars,
  insertCompany,
  insertDeclaration,
  insertFx,
  insertInsider,
  insertSnapshot,
  txLine,
  weekdays,
} from '../../helpers/factories/signals.js';

const comparable = (a: ScoreAudit | null) => a && { total: a.total, factors: a.factors, inputs: a.inputs, version: a.version };

describe('scoring declarations point-in-time', () => {
  let t: TestDatabase;
  let companyId: number;
  let symbol: string;
  let otherCompanyDeclaration: string;
  const ids: Record<string, string> = {};
  const insiders: Record<string, number> = {};

  const updatedAt = async (id: string) =>
    ((await t.db('declarations').where({ id }).first('updated_at')) as { updated_at: Date }).updated_at.toISOString();

  beforeAll(async () => {
    t = await createTestDatabase();
    companyId = await insertCompany(t.db, { name: 'Acme Robotics' });
    symbol = (await t.db('companies').where({ id: companyId }).first('yahoo_symbol')).yahoo_symbol as string;
    for (const name of ['A', 'B', 'C', 'E', 'F']) insiders[name] = await insertInsider(t.db, `Insider ${name}`);
    // Prices up to the day before D1's publication day, falling steadily; a snapshot and FX before.
    const history = weekdays('2023-01-02', 400).filter((d) => d < '2024-03-12');
    await insertBars(t.db, symbol, history, (i) => 20 - i * 0.03);
    await insertSnapshot(t.db, symbol, '2024-03-01', { marketCap: 150e6, sharesOutstanding: 12e6 });
    await insertFx(t.db, 'USD', 'EUR', weekdays('2023-01-02', 400).filter((d) => d < '2024-03-12'), () => 0.9);

    ids.d0 = await insertDeclaration(t.db, { companyId, insiderId: insiders.B!, pubDate: '2024-03-01T15:00:00.000Z' });
    ids.d1 = await insertDeclaration(t.db, {
      companyId,
      insiderId: insiders.A!,
      pubDate: '2024-03-12T21:05:00.000Z',
      transactionDate: '2024-03-11',
      role: 'CFO',
      isDirector: false,
      isOfficer: true,
      lines: [txLine({ shares: 2000, sharesOwnedAfter: 10_000, amount: 20_000 })],
    });
    ids.award = await insertDeclaration(t.db, {
      companyId,
      insiderId: insiders.F!,
      pubDate: '2024-03-10T12:00:00.000Z',
      direction: null,
      lines: [txLine({ nature: 'AWARD', code: 'A', price: 0, amount: 0 })],
    });
    ids.amendment = await insertDeclaration(t.db, {
      companyId,
      insiderId: insiders.F!,
      pubDate: '2024-03-11T12:00:00.000Z',
      isCanonical: false,
    });
    const other = await insertCompany(t.db, { name: 'Other Co' });
    otherCompanyDeclaration = await insertDeclaration(t.db, { companyId: other, insiderId: insiders.E!, pubDate: '2024-03-12T12:00:00.000Z' });

    const report = await scoreDeclarations(t.db, { all: true });
    expect(report.considered).toBe(5);
  });
  afterAll(async () => t.drop());

  it('scores a purchase from what was public at its pubDate and mirrors the headline on the declaration', async () => {
    const audit = await getScoreAudit(t.db, ids.d1!);
    expect(audit).not.toBeNull();
    expect(audit!.version).toBe('v3');
    expect(audit!.direction).toBe('BUY');
    const factor = (key: string) => audit!.factors.find((f) => f.key === key)!;
    expect(factor('cluster').value).toBe(1);
    expect(factor('cluster').rationale).toContain(ids.d0!);
    expect(factor('role').value).toBe('CFO');
    expect(factor('relativeSize').value).toBe(25);
    expect(factor('firmSize').value).toBe(135_000_000);
    expect(factor('firmSize').rationale).toContain('2024-03-01');
    expect(factor('contrarian').value).toBeLessThan(-15);
    expect((audit!.inputs.priorReturn as { endDate: string }).endDate).toBe('2024-03-11');
    const declaration = await t.db('declarations').where({ id: ids.d1 }).first();
    expect(declaration.signal_score).toBe(audit!.total);
    expect(declaration.signal_version).toBe('v3');
    expect(declaration.signal_cluster_size).toBe(2);
    expect(declaration.signal_is_cluster).toBe(false);
  });

  it('stores inputs from which anyone recomputes exactly the same score', async () => {
    const audit = await getScoreAudit(t.db, ids.d1!);
    const recomputed = scoreDeclaration(audit!.inputs as unknown as ScoringInput);
    expect(recomputed.score).toBe(audit!.total);
    expect(recomputed.factors).toEqual(audit!.factors);
  });

  it('gives declarations without a discretionary direction, and folded amendments, a null score with the reason', async () => {
    const award = await getScoreAudit(t.db, ids.award!);
    expect(award!.total).toBeNull();
    expect(award!.nullReason).toContain('AWARD ×1');
    const amendment = await getScoreAudit(t.db, ids.amendment!);
    expect(amendment!.nullReason).toBe(NON_CANONICAL_REASON);
    expect((await t.db('declarations').where({ id: ids.award }).first()).signal_score).toBeNull();
  });

  it('gives identical results when everything is rescored again, writing and stamping nothing', async () => {
    const before = await getScoreAudit(t.db, ids.d1!);
    const stamp = await updatedAt(ids.d1!);
    const report = await scoreDeclarations(t.db, { all: true });
    expect(report.considered).toBe(5);
    expect(report.written).toBe(0);
    expect(report.stamped).toBe(0);
    expect(await getScoreAudit(t.db, ids.d1!)).toEqual(before);
    expect(await updatedAt(ids.d1!)).toBe(stamp);
  });

  it('rewrites a stored signal that differs from the recomputed one, even when only its audit differs', async () => {
    const before = await getScoreAudit(t.db, ids.d1!);
    await t.db('signals').where({ declaration_id: ids.d1 }).update({ factors: JSON.stringify([]) });
    const report = await scoreDeclarations(t.db, { ids: [ids.d1!], includeDependents: false });
    expect([report.written, report.stamped]).toEqual([1, 0]);
    expect(comparable(await getScoreAudit(t.db, ids.d1!))).toEqual(comparable(before));
  });

  it('never changes an earlier score when later declarations, prices, snapshots and FX arrive', async () => {
    const before = await getScoreAudit(t.db, ids.d1!);
    ids.d2 = await insertDeclaration(t.db, { companyId, insiderId: insiders.C!, pubDate: '2024-03-13T14:00:00.000Z' });
    await insertDeclaration(t.db, { companyId, insiderId: insiders.B!, pubDate: '2024-04-01T14:00:00.000Z', direction: 'SELL', lines: [txLine({ nature: 'SELL' })] });
    // A bar on the publication day itself and everything after: not public before the trading day.
    await insertBars(t.db, symbol, weekdays('2024-03-12', 120), (i) => 500 + i);
    await insertSnapshot(t.db, symbol, '2024-03-13', { marketCap: 90e9, sharesOutstanding: 1e9 });
    await insertFx(t.db, 'USD', 'EUR', weekdays('2024-03-12', 120), () => 3);

    await scoreDeclarations(t.db, { all: true });
    expect(comparable(await getScoreAudit(t.db, ids.d1!))).toEqual(comparable(before));
    await scoreDeclarations(t.db, { ids: [ids.d1!] });
    expect(comparable(await getScoreAudit(t.db, ids.d1!))).toEqual(comparable(before));

    const later = await getScoreAudit(t.db, ids.d2!);
    expect(later!.factors.find((f) => f.key === 'cluster')!.value).toBe(2);
    expect(later!.isCluster).toBe(true);
  });

  it('rescoring a late arrival updates, and stamps, exactly the later declarations whose context it joins', async () => {
    const d1Before = await getScoreAudit(t.db, ids.d1!);
    const d1Stamp = await updatedAt(ids.d1!);
    const otherStamp = await updatedAt(otherCompanyDeclaration);
    const late = await insertDeclaration(t.db, { companyId, insiderId: insiders.E!, pubDate: '2024-03-05T15:00:00.000Z' });

    const report = await scoreDeclarations(t.db, { ids: [late] });
    expect(report.considered).toBeGreaterThanOrEqual(3);
    const d1After = await getScoreAudit(t.db, ids.d1!);
    expect(d1After!.factors.find((f) => f.key === 'cluster')!.value).toBe(2);
    expect(d1After!.total).toBeGreaterThan(d1Before!.total!);
    expect(await updatedAt(ids.d1!)).not.toBe(d1Stamp);
    expect(await updatedAt(otherCompanyDeclaration)).toBe(otherStamp);
    const mirrored = await t.db('declarations').where({ id: ids.d1 }).first();
    expect(mirrored.signal_score).toBe(d1After!.total);
    expect(mirrored.signal_is_cluster).toBe(true);
  });

  it('rescoring stale declarations only touches those with no signal or changed content', async () => {
    await t.db('declarations').where({ id: ids.d0 }).update({ content_hash: 'changed-by-an-amendment' });
    await t.db('declarations').where({ id: ids.d1 }).update({ total_amount_eur: 18_500 });
    const fresh = await insertDeclaration(t.db, { companyId, insiderId: insiders.F!, pubDate: '2024-05-01T15:00:00.000Z' });
    const report = await scoreDeclarations(t.db, { staleOnly: true, includeDependents: false });
    expect(report.considered).toBe(3);
    expect((await getScoreAudit(t.db, ids.d1!))!.inputs.totalAmountEur).toBe(18_500);
    expect((await getScoreAudit(t.db, fresh))!.total).not.toBeNull();
    expect((await getScoreAudit(t.db, ids.d0!))!.inputs.contentHash).toBe('changed-by-an-amendment');
    expect((await scoreDeclarations(t.db, { staleOnly: true })).considered).toBe(0);
  });

  it('rescores, when their prices arrive, declarations scored while prices were missing', async () => {
    const unpriced = await insertCompany(t.db, { name: 'Unpriced' });
    const unpricedSymbol = (await t.db('companies').where({ id: unpriced }).first('yahoo_symbol')).yahoo_symbol as string;
    const id = await insertDeclaration(t.db, { companyId: unpriced, insiderId: insiders.A!, pubDate: '2024-06-03T15:00:00.000Z' });
    await scoreDeclarations(t.db, { ids: [id] });
    expect((await getScoreAudit(t.db, id))!.factors.find((f) => f.key === 'contrarian')!.value).toBeNull();
    expect((await scoreDeclarations(t.db, { staleOnly: true })).considered).toBe(0);

    await insertBars(t.db, unpricedSymbol, weekdays('2023-06-01', 300).filter((d) => d < '2024-06-03'), (i) => 10 + i * 0.01);
    const report = await scoreDeclarations(t.db, { staleOnly: true });
    expect(report.considered).toBe(1);
    expect((await getScoreAudit(t.db, id))!.factors.find((f) => f.key === 'contrarian')!.value).not.toBeNull();
    // Still no snapshot: the market cap stays missing, but the signal is not re-checked until new data arrives.
    expect((await scoreDeclarations(t.db, { staleOnly: true })).considered).toBe(0);
  });
});
