import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUpOne } from '../../src/db/migrate.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { declarationRow, insertCompany, insertInsider } from '../helpers/factories/declarations.js';

interface Counts {
  companies: Array<{ company_id: number; declarations: number; last_pub_date: string | null }>;
  sources: Array<{ source: string; declarations: number }>;
  insiderMarkets?: Array<{ insider_id: number; market: string; declarations: number }>;
}

/** What the trigger-kept tables say, companies and sources with nothing counted left out. */
async function kept(t: TestDatabase): Promise<Counts> {
  const companies = await t.db.raw(`
    select company_id::int, declarations::int, to_char(last_pub_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as last_pub_date
      from company_declaration_counts where declarations <> 0 or last_pub_date is not null order by company_id`);
  const sources = await t.db.raw('select source, declarations::int from source_declaration_counts where declarations <> 0 order by source');
  return { companies: companies.rows, sources: sources.rows };
}

async function keptByInsiderMarket(t: TestDatabase): Promise<Counts['insiderMarkets']> {
  return (await t.db.raw('select insider_id::int, market, declarations::int from insider_market_counts where declarations <> 0 order by insider_id, market')).rows;
}

async function recountedByInsiderMarket(t: TestDatabase): Promise<Counts['insiderMarkets']> {
  return (
    await t.db.raw('select insider_id::int, market, count(*)::int as declarations from declarations where is_canonical group by insider_id, market order by insider_id, market')
  ).rows;
}

/** The same, counted from the declarations themselves. */
async function recounted(t: TestDatabase): Promise<Counts> {
  const companies = await t.db.raw(`
    select company_id::int, count(*)::int as declarations, to_char(max(pub_date) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as last_pub_date
      from declarations where is_canonical group by company_id order by company_id`);
  const sources = await t.db.raw('select source, count(*)::int as declarations from declarations where is_canonical group by source order by source');
  return { companies: companies.rows, sources: sources.rows };
}

const SOURCES = ['sec', 'amf'] as const;
const MARKET_OF_SOURCE = { sec: 'us', amf: 'fr' } as const;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

type Operation =
  | { kind: 'insert'; rows: Array<{ company: number; insider: number; source: number; canonical: boolean; day: number }> }
  | { kind: 'reingest'; pick: number; company: number; insider: number; canonical: boolean; day: number }
  | { kind: 'reassign'; pick: number; insider: number }
  | { kind: 'setCanonical'; pick: number; canonical: boolean }
  | { kind: 'move'; pick: number; company: number }
  | { kind: 'redate'; pick: number; day: number }
  | { kind: 'rescoreAll' }
  | { kind: 'delete'; pick: number; count: number }
  | { kind: 'truncate' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      rows: fc.array(fc.record({ company: fc.nat(2), insider: fc.nat(1), source: fc.nat(1), canonical: fc.boolean(), day: fc.nat(30) }), { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('reingest' as const), pick: fc.nat(), company: fc.nat(2), insider: fc.nat(1), canonical: fc.boolean(), day: fc.nat(30) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reassign' as const), pick: fc.nat(), insider: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setCanonical' as const), pick: fc.nat(), canonical: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), company: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('redate' as const), pick: fc.nat(), day: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'rescoreAll' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'truncate' as const }) },
);

describe('declaration counts kept by triggers', () => {
  let t: TestDatabase;
  let companies: number[];
  let insider: number;
  let insiders: number[];
  beforeAll(async () => {
    t = await createTestDatabase();
    companies = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) companies.push((await insertCompany(t.db, { name })).id);
    insiders = [(await insertInsider(t.db, { name: 'Jane Doe' })).id, (await insertInsider(t.db, { name: 'Max Mustermann' })).id];
    insider = insiders[0]!;
  });
  afterAll(() => t.drop());

  async function apply(op: Operation): Promise<void> {
    const ids = ((await t.db('declarations').orderBy('id').select('id')) as Array<{ id: string }>).map((r) => r.id);
    const picked = (pick: number) => (ids.length ? ids[pick % ids.length]! : null);
    switch (op.kind) {
      case 'insert':
        await t.db('declarations').insert(
          op.rows.map((r) =>
            declarationRow({
              companyId: companies[r.company]!,
              insiderId: insiders[r.insider]!,
              source: SOURCES[r.source],
              market: MARKET_OF_SOURCE[SOURCES[r.source]!],
              isCanonical: r.canonical,
              pubDate: day(r.day),
            }),
          ),
        );
        return;
      case 'reingest': {
        // The ingest store's upsert: every column set again, some of them changed.
        const id = picked(op.pick);
        if (!id) return;
        const source = id.startsWith('AMF') ? 'amf' : 'sec';
        const row = {
          ...declarationRow({ id, companyId: companies[op.company]!, insiderId: insiders[op.insider]!, source, market: MARKET_OF_SOURCE[source], isCanonical: op.canonical, pubDate: day(op.day) }),
        };
        await t.db('declarations').insert(row).onConflict('id').merge(Object.keys(row).filter((c) => c !== 'id' && c !== 'ingested_at'));
        return;
      }
      case 'setCanonical': {
        const id = picked(op.pick);
        if (id) await t.db('declarations').where({ id }).update({ is_canonical: op.canonical });
        return;
      }
      case 'move': {
        const id = picked(op.pick);
        if (id) await t.db('declarations').where({ id }).update({ company_id: companies[op.company] });
        return;
      }
      case 'reassign': {
        const id = picked(op.pick);
        if (id) await t.db('declarations').where({ id }).update({ insider_id: insiders[op.insider] });
        return;
      }
      case 'redate': {
        const id = picked(op.pick);
        if (id) await t.db('declarations').where({ id }).update({ pub_date: day(op.day) });
        return;
      }
      case 'rescoreAll':
        await t.db('declarations').update({ signal_score: t.db.raw('coalesce(signal_score, 0) + 1') });
        return;
      case 'delete': {
        const gone = ids.filter((_, i) => (i + op.pick) % 3 === 0).slice(0, op.count);
        if (gone.length) await t.db('declarations').whereIn('id', gone).del();
        return;
      }
      case 'truncate':
        await t.db.raw('truncate declarations cascade');
        return;
    }
  }

  it('match a recount after any sequence of inserts, re-ingests, folds, moves, reassignments, re-dates, rescoring, deletes and truncates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (ops) => {
        await t.db.raw('truncate declarations cascade');
        for (const op of ops) {
          await apply(op);
          expect(await kept(t), JSON.stringify(op)).toEqual(await recounted(t));
          expect(await keptByInsiderMarket(t), JSON.stringify(op)).toEqual(await recountedByInsiderMarket(t));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a statement that changes nothing counted (rescoring) leaves the counts alone, and several writes in one transaction add up', async () => {
    await t.db.raw('truncate declarations cascade');
    await t.db.transaction(async (trx) => {
      await trx('declarations').insert([0, 1, 2].map((n) => declarationRow({ companyId: companies[0]!, insiderId: insider, pubDate: day(n) })));
      await trx('declarations').insert(declarationRow({ companyId: companies[1]!, insiderId: insider, source: 'amf', pubDate: day(9) }));
    });
    const before = await kept(t);
    expect(before.companies).toEqual([
      { company_id: companies[0], declarations: 3, last_pub_date: day(2).slice(0, 19) },
      { company_id: companies[1], declarations: 1, last_pub_date: day(9).slice(0, 19) },
    ]);
    expect(before.sources).toEqual([
      { source: 'amf', declarations: 1 },
      { source: 'sec', declarations: 3 },
    ]);
    expect(await keptByInsiderMarket(t)).toEqual([{ insider_id: insider, market: 'us', declarations: 4 }]);
    await t.db('declarations').update({ signal_score: 50, updated_at: t.db.fn.now() });
    expect(await kept(t)).toEqual(before);
    expect(await keptByInsiderMarket(t)).toEqual([{ insider_id: insider, market: 'us', declarations: 4 }]);
  });
});

/** Runs `body` on a new database migrated up to and including `last` (a migration name prefix). */
async function onDatabaseMigratedUpTo(last: string, body: (t: TestDatabase) => Promise<void>): Promise<void> {
  const t = await createEmptyDatabase();
  try {
    let name: string | null;
    do name = await migrateUpOne(t.db);
    while (name !== null && !name.startsWith(last));
    await body(t);
  } finally {
    await t.drop();
  }
}

describe('the migration that creates the counts', () => {
  it('counts the declarations already stored', () =>
    onDatabaseMigratedUpTo('20261206000100', async (t) => {
      const company = (await insertCompany(t.db, { name: 'Delta' })).id;
      const insider = (await insertInsider(t.db, { name: 'John Roe' })).id;
      await t.db('declarations').insert([
        declarationRow({ companyId: company, insiderId: insider, pubDate: day(3) }),
        declarationRow({ companyId: company, insiderId: insider, pubDate: day(5) }),
        declarationRow({ companyId: company, insiderId: insider, pubDate: day(8), isCanonical: false }),
      ]);
      expect(await migrateUpOne(t.db)).toMatch(/^20261206000200_/);
      expect(await kept(t)).toEqual({
        companies: [{ company_id: company, declarations: 2, last_pub_date: day(5).slice(0, 19) }],
        sources: [{ source: 'sec', declarations: 2 }],
      });
    }));
});

describe('the migration that creates the insider market counts', () => {
  it('counts the declarations already stored', () =>
    onDatabaseMigratedUpTo('20261206000500', async (t) => {
      const company = (await insertCompany(t.db, { name: 'Delta' })).id;
      const insiders = [(await insertInsider(t.db, { name: 'John Roe' })).id, (await insertInsider(t.db, { name: 'Ann Poe' })).id];
      await t.db('declarations').insert([
        declarationRow({ companyId: company, insiderId: insiders[0]!, market: 'us', pubDate: day(3) }),
        declarationRow({ companyId: company, insiderId: insiders[0]!, market: 'us', pubDate: day(4) }),
        declarationRow({ companyId: company, insiderId: insiders[0]!, market: 'fr', source: 'amf', pubDate: day(5) }),
        declarationRow({ companyId: company, insiderId: insiders[1]!, market: 'us', pubDate: day(8), isCanonical: false }),
      ]);
      expect(await migrateUpOne(t.db)).toMatch(/^20261206000600_/);
      expect(await keptByInsiderMarket(t)).toEqual([
        { insider_id: insiders[0], market: 'fr', declarations: 1 },
        { insider_id: insiders[0], market: 'us', declarations: 2 },
      ]);
    }));
});
