import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { convertDeclarationAmounts } from '../../../src/prices/convert-declarations.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { fxRows, insertCompany, insertDeclaration, insertInsider } from '../../helpers/factories/prices.js';

const OLD_STAMP = '2020-01-06T12:00:00.000Z';

describe('convertDeclarationAmounts', () => {
  let t: TestDatabase;
  let companyId: number;
  let insiderId: number;

  const amounts = async () =>
    Object.fromEntries(
      ((await t.db('declarations').select('id', 'total_amount_eur', 'total_amount_usd', 'updated_at').orderBy('id')) as Array<{
        id: string;
        total_amount_eur: number | null;
        total_amount_usd: number | null;
        updated_at: Date;
      }>).map((r) => [r.id, { eur: r.total_amount_eur, usd: r.total_amount_usd, updatedAt: r.updated_at.toISOString() }]),
    );

  beforeAll(async () => {
    t = await createTestDatabase();
    companyId = await insertCompany(t.db, { name: 'Test plc', market: 'uk' });
    insiderId = await insertInsider(t.db);
    await fxRows(t.db, [
      ['USD', 'EUR', '2024-03-01', 0.9],
      ['EUR', 'USD', '2024-03-01', 1.1],
      ['GBP', 'EUR', '2024-03-01', 1.2],
      ['GBP', 'USD', '2024-03-01', 1.3],
    ]);
  });
  afterAll(async () => t.drop());

  beforeEach(async () => {
    await t.db('declarations').del();
  });

  it('fills EUR and USD at the transaction date’s rate, pence divided by 100, and null without a rate', async () => {
    const d = (id: string, totalAmount: number | null, currency: string | null, transactionDate: string | null) =>
      insertDeclaration(t.db, { id, companyId, insiderId, totalAmount, currency, transactionDate });
    await d('TEST:usd', 1000, 'USD', '2024-03-01');
    await d('TEST:gbx', 10_000, 'GBX', '2024-03-04'); // Monday: Friday's close applies
    await d('TEST:eur', 500, 'EUR', '2024-03-02');
    await d('TEST:old', 700, 'GBP', '2023-01-10'); // no rate anywhere near
    await d('TEST:none', null, null, '2024-03-01');

    const summary = await convertDeclarationAmounts(t.db);
    expect(summary).toEqual({ examined: 5, changed: 3, withoutEur: 1 });
    const after = await amounts();
    expect(after['TEST:usd']).toMatchObject({ eur: 900, usd: 1000 });
    expect(after['TEST:gbx']).toMatchObject({ eur: 120, usd: 130 });
    expect(after['TEST:eur']).toMatchObject({ eur: 500, usd: 550 });
    expect(after['TEST:old']).toMatchObject({ eur: null, usd: null });
    expect(after['TEST:none']).toMatchObject({ eur: null, usd: null });
  });

  it('stamps only the rows whose values changed, through the change clock, and is idempotent', async () => {
    await insertDeclaration(t.db, { id: 'TEST:a', companyId, insiderId, totalAmount: 1000, currency: 'USD', transactionDate: '2024-03-01' });
    // Already right: must be left untouched.
    await insertDeclaration(t.db, {
      id: 'TEST:b',
      companyId,
      insiderId,
      totalAmount: 100,
      currency: 'GBP',
      transactionDate: '2024-03-01',
      totalAmountEur: 120,
      totalAmountUsd: 130,
    });
    const clockBefore = (await t.db('change_clock').first('last_change_at')) as { last_change_at: Date };

    expect((await convertDeclarationAmounts(t.db)).changed).toBe(1);
    const first = await amounts();
    const clockAfter = (await t.db('change_clock').first('last_change_at')) as { last_change_at: Date };
    expect(clockAfter.last_change_at.getTime()).toBeGreaterThan(clockBefore.last_change_at.getTime());
    expect(first['TEST:a']!.updatedAt).toBe(clockAfter.last_change_at.toISOString());
    expect(first['TEST:b']!.updatedAt).toBe(OLD_STAMP);

    expect(await convertDeclarationAmounts(t.db)).toEqual({ examined: 2, changed: 0, withoutEur: 0 });
    expect(await amounts()).toEqual(first);
  });

  it('corrects a stale conversion and clears values whose amount has gone', async () => {
    await insertDeclaration(t.db, {
      id: 'TEST:stale',
      companyId,
      insiderId,
      totalAmount: 1000,
      currency: 'USD',
      transactionDate: '2024-03-01',
      totalAmountEur: 1.23,
      totalAmountUsd: 1000,
    });
    await insertDeclaration(t.db, {
      id: 'TEST:gone',
      companyId,
      insiderId,
      totalAmount: null,
      currency: 'USD',
      transactionDate: '2024-03-01',
      totalAmountEur: 5,
      totalAmountUsd: 6,
    });
    expect((await convertDeclarationAmounts(t.db)).changed).toBe(2);
    const after = await amounts();
    expect(after['TEST:stale']).toMatchObject({ eur: 900, usd: 1000 });
    expect(after['TEST:gone']).toMatchObject({ eur: null, usd: null });
    expect(after['TEST:stale']!.updatedAt).not.toBe(OLD_STAMP);
  });

  it('converts line by line when the lines mix currencies', async () => {
    await insertDeclaration(t.db, {
      id: 'TEST:mixed',
      companyId,
      insiderId,
      totalAmount: 1100,
      currency: null,
      transactionDate: '2024-03-01',
      lines: [
        { kind: 'transaction', nature: 'BUY', amount: 100, currency: 'GBP', transactionDate: '2024-03-01' },
        { kind: 'transaction', nature: 'BUY', amount: 1000, currency: 'USD', transactionDate: '2024-03-01' },
        { kind: 'holding', nature: null, amount: null, currency: null, transactionDate: null },
      ],
    });
    await convertDeclarationAmounts(t.db);
    expect((await amounts())['TEST:mixed']).toMatchObject({ eur: 120 + 900, usd: 130 + 1000 });
  });

  it('limits the work to the given ids', async () => {
    for (const id of ['TEST:x', 'TEST:y']) {
      await insertDeclaration(t.db, { id, companyId, insiderId, totalAmount: 10, currency: 'EUR', transactionDate: '2024-03-01' });
    }
    expect(await convertDeclarationAmounts(t.db, { ids: ['TEST:y', 'TEST:missing'] })).toEqual({ examined: 1, changed: 1, withoutEur: 0 });
    const after = await amounts();
    expect(after['TEST:x']).toMatchObject({ eur: null });
    expect(after['TEST:y']).toMatchObject({ eur: 10, usd: 11 });
  });

  it('from a date, reads recent rows and rows still missing a value, and pages through many rows', async () => {
    await insertDeclaration(t.db, {
      id: 'TEST:early-done',
      companyId,
      insiderId,
      totalAmount: 10,
      currency: 'EUR',
      transactionDate: '2024-02-01',
      totalAmountEur: 10,
      totalAmountUsd: 99, // wrong, but before fromDate and complete: not re-read
    });
    await insertDeclaration(t.db, { id: 'TEST:early-missing', companyId, insiderId, totalAmount: 10, currency: 'EUR', transactionDate: '2024-03-01' });
    for (let i = 0; i < 7; i++) {
      await insertDeclaration(t.db, { id: `TEST:late-${i}`, companyId, insiderId, totalAmount: 10, currency: 'EUR', transactionDate: '2024-03-02' });
    }
    const summary = await convertDeclarationAmounts(t.db, { fromDate: '2024-03-02', batchSize: 3 });
    expect(summary).toEqual({ examined: 8, changed: 8, withoutEur: 0 });
    const after = await amounts();
    expect(after['TEST:early-done']).toMatchObject({ usd: 99 });
    expect(after['TEST:early-missing']).toMatchObject({ eur: 10, usd: 11 });
  });

  it('runs inside a caller’s transaction too (ingest), and rolls back with it', async () => {
    await t.db.transaction(async (trx) => {
      await insertDeclaration(trx, { id: 'TEST:in-trx', companyId, insiderId, totalAmount: 10, currency: 'EUR', transactionDate: '2024-03-01' });
      expect((await convertDeclarationAmounts(trx, { ids: ['TEST:in-trx'] })).changed).toBe(1);
    });
    expect((await amounts())['TEST:in-trx']).toMatchObject({ eur: 10, usd: 11 });

    await t.db
      .transaction(async (trx) => {
        await insertDeclaration(trx, { id: 'TEST:rolled-back', companyId, insiderId, totalAmount: 10, currency: 'EUR', transactionDate: '2024-03-01' });
        await convertDeclarationAmounts(trx, { ids: ['TEST:rolled-back'] });
        throw new Error('ingest failed');
      })
      .catch(() => undefined);
    expect((await amounts())['TEST:rolled-back']).toBeUndefined();
  });
});
