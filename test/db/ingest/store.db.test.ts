import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runIngest, type IncomingPage } from '../../../src/ingest/runner.js';
import { silentLogger } from '../../../src/log.js';
import type { DeclarationDraft } from '../../../src/model/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { makeDraft, makeLine } from '../../helpers/factories/drafts.js';
import { docOf, testAdapter } from '../../helpers/test-adapter.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());
beforeEach(async () => {
  await t.db.raw('truncate declarations, insiders, companies, company_identifiers, raw_documents, quarantine, sources, ingest_runs cascade');
});

async function* pagesOf(...pages: IncomingPage[]): AsyncGenerator<IncomingPage> {
  yield* pages;
}

function ingest(docs: IncomingPage['documents'], cursor: IncomingPage['cursor'] = null, batchSize = 250) {
  return runIngest({ db: t.db, adapter: testAdapter, pages: pagesOf({ documents: docs, cursor }), kind: 'archive', worker: 'test', log: silentLogger, batchSize });
}

const snapshot = async () =>
  t.db('declarations')
    .select('id', 'content_hash', 'is_canonical', 'amends', 'amended_by', 'lines', 'company_id', 'insider_id', 'updated_at', 'direction', 'total_amount')
    .orderBy('id');

describe('storing declarations', () => {
  it('is idempotent: the same documents twice leave identical rows', async () => {
    const docs = [makeDraft(), makeDraft({ sourceId: 'B', id: 'TST:B' })].map((d) => docOf(d));
    const first = await ingest(docs);
    expect(first).toMatchObject({ fetched: 2, parsed: 2, inserted: 2, updated: 0, unchanged: 0 });
    const before = await snapshot();
    const second = await ingest(docs);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
    expect(await t.db('raw_documents').count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('computes direction and summary columns from the lines', async () => {
    await ingest([docOf(makeDraft({ lines: [makeLine({ shares: 100, price: 10 }), makeLine({ line: 2, shares: 100, price: 12 })] }))]);
    const row = await t.db('declarations').first();
    expect(row).toMatchObject({ direction: 'BUY', volume: 200, total_amount: 2200, unit_price: 11, currency: 'USD', filing_delay_days: 2 });
  });

  it('keys insiders by the regulator person id, so namesakes never merge', async () => {
    const a = makeDraft({ id: 'TST:1', sourceId: '1' });
    const b = makeDraft({ id: 'TST:2', sourceId: '2', insider: { ...a.insider, externalId: '0000000999' } });
    const c = makeDraft({ id: 'TST:3', sourceId: '3', insider: { ...a.insider, name: 'DOE JANE M' } });
    await ingest([a, b, c].map((d) => docOf(d)));
    const insiders = await t.db('insiders').select('identity_key', 'slug').orderBy('id');
    expect(insiders).toHaveLength(2);
    expect(new Set(insiders.map((i) => i.slug)).size).toBe(2);
  });

  it('matches name-only insiders within one issuer, never across issuers', async () => {
    const person = { name: 'Dr. Hans Müller', externalId: null, externalIdScheme: null, isEntity: false };
    const base = makeDraft();
    const other = { ...base.company, cik: '0000000777', name: 'Other Corp' };
    await ingest([
      docOf(makeDraft({ id: 'TST:1', sourceId: '1', insider: { ...base.insider, ...person } })),
      docOf(makeDraft({ id: 'TST:2', sourceId: '2', insider: { ...base.insider, ...person, name: 'MÜLLER, Hans' } })),
      docOf(makeDraft({ id: 'TST:3', sourceId: '3', company: other, insider: { ...base.insider, ...person } })),
    ]);
    expect(await t.db('insiders').count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('merges one issuer across identifiers and keeps every identifier', async () => {
    const base = makeDraft();
    await ingest([
      docOf(makeDraft({ id: 'TST:1', sourceId: '1', company: { ...base.company, cik: null, isin: 'US0000000001' } })),
      docOf(makeDraft({ id: 'TST:2', sourceId: '2', company: { ...base.company, cik: '0000000100', isin: 'US0000000001' } })),
    ]);
    expect(await t.db('companies').count({ n: '*' }).first()).toEqual({ n: 1 });
    expect((await t.db('company_identifiers').select('scheme').orderBy('scheme')).map((r) => r.scheme)).toEqual(['CIK', 'ISIN']);
    expect(await t.db('companies').first()).toMatchObject({ cik: '0000000100', isin: 'US0000000001', slug: 'acme-widgets-inc' });
  });

  describe('one issuer reported by several regulators', () => {
    // TotalEnergies-like issuer: the AMF knows it by ISIN, LEI and its own `jeton`; the FCA by LEI
    // alone (plus the ADR's ISIN); BaFin by ISIN alone.
    const LEI = '529900S21EQ1BO4ESM68';
    const FR_ISIN = 'FR0000120271';
    const ADR_ISIN = 'US89151E1091';
    const frIssuer = { name: 'TotalEnergies SE', cik: null, isin: FR_ISIN, lei: LEI, sourceCompanyId: 'AMF:RS-0042', ticker: null, exchange: null, market: 'fr' };
    const ukIssuer = { name: 'TOTALENERGIES SE', cik: null, isin: ADR_ISIN, lei: LEI, sourceCompanyId: null, ticker: 'TTE', exchange: 'LSE', market: 'uk' };
    const deIssuer = { name: 'TotalEnergies SE (Paris)', cik: null, isin: FR_ISIN, lei: null, sourceCompanyId: null, ticker: 'TOTB', exchange: 'XETRA', market: 'de' };
    const draftFor = (company: DeclarationDraft['company'], sourceId: string) =>
      makeDraft({ id: `TST:${sourceId}`, sourceId, market: company.market, company, insider: { ...makeDraft().insider, externalId: null, externalIdScheme: null } });

    async function identifiers() {
      return (await t.db('company_identifiers').select('scheme', 'value').orderBy(['scheme', 'value'])).map((r) => `${r.scheme}:${r.value}`);
    }
    async function companyOf(...ids: string[]) {
      return (await t.db('declarations').whereIn('id', ids).orderBy('id').pluck('company_id')).map(Number);
    }

    it('merges a French and a UK declaration that share only the LEI, keeping every identifier', async () => {
      await ingest([docOf(draftFor(frIssuer, 'FR-1'))]);
      await ingest([docOf(draftFor(ukIssuer, 'UK-1'))]);
      const companies = await t.db('companies').select('id', 'market', 'isin', 'lei', 'source_company_id', 'ticker', 'exchange', 'name');
      expect(companies).toHaveLength(1);
      // The company keeps the market (and name) of the draft that created it; later regulators
      // only fill blank fields. Each declaration keeps its own market, so per-market listings of
      // declarations stay right either way.
      expect(companies[0]).toMatchObject({ market: 'fr', name: 'TotalEnergies SE', isin: FR_ISIN, lei: LEI, source_company_id: 'AMF:RS-0042', ticker: 'TTE', exchange: 'LSE' });
      expect(await identifiers()).toEqual([`ISIN:${FR_ISIN}`, `ISIN:${ADR_ISIN}`, `LEI:${LEI}`, 'SOURCE:AMF:RS-0042']);
      expect(await companyOf('TST:FR-1', 'TST:UK-1')).toEqual([Number(companies[0]!.id), Number(companies[0]!.id)]);
      expect(await t.db('declarations').orderBy('id').pluck('market')).toEqual(['fr', 'uk']);
    });

    it('keeps the first regulator\'s market whatever that market is', async () => {
      await ingest([docOf(draftFor(ukIssuer, 'UK-1'))]);
      await ingest([docOf(draftFor(frIssuer, 'FR-1'))]);
      const companies = await t.db('companies').select('id', 'market', 'isin', 'ticker');
      expect(companies).toHaveLength(1);
      expect(companies[0]).toMatchObject({ market: 'uk', isin: ADR_ISIN, ticker: 'TTE' });
      expect(await identifiers()).toEqual([`ISIN:${FR_ISIN}`, `ISIN:${ADR_ISIN}`, `LEI:${LEI}`, 'SOURCE:AMF:RS-0042']);
      expect(await companyOf('TST:FR-1', 'TST:UK-1')).toEqual([Number(companies[0]!.id), Number(companies[0]!.id)]);
    });

    it('merges a French and a German declaration that share only the ISIN, even in one batch', async () => {
      await ingest([docOf(draftFor(frIssuer, 'FR-1')), docOf(draftFor(deIssuer, 'DE-1'))]);
      const companies = await t.db('companies').select('id', 'market', 'isin', 'lei', 'ticker', 'exchange');
      expect(companies).toHaveLength(1);
      expect(companies[0]).toMatchObject({ market: 'fr', isin: FR_ISIN, lei: LEI, ticker: 'TOTB', exchange: 'XETRA' });
      expect(await identifiers()).toEqual([`ISIN:${FR_ISIN}`, `LEI:${LEI}`, 'SOURCE:AMF:RS-0042']);
      expect(await companyOf('TST:DE-1', 'TST:FR-1')).toEqual([Number(companies[0]!.id), Number(companies[0]!.id)]);
    });

    it('never merges namesakes with different ISINs', async () => {
      const dupont = { name: 'Dupont SA', cik: null, lei: null, sourceCompanyId: null, ticker: null, exchange: null };
      await ingest([
        docOf(draftFor({ ...dupont, isin: 'FR0000000018', market: 'fr' }, 'FR-1')),
        docOf(draftFor({ ...dupont, isin: 'BE0000000026', market: 'fr' }, 'FR-2')),
      ]);
      await ingest([docOf(draftFor({ ...dupont, isin: 'DE0000000034', market: 'de' }, 'DE-1'))]);
      const companies = await t.db('companies').select('id', 'name', 'isin', 'slug').orderBy('id');
      expect(companies.map((c) => c.isin)).toEqual(['FR0000000018', 'BE0000000026', 'DE0000000034']);
      expect(new Set(companies.map((c) => c.slug)).size).toBe(3);
      expect(await companyOf('TST:DE-1', 'TST:FR-1', 'TST:FR-2')).toEqual([companies[2]!.id, companies[0]!.id, companies[1]!.id].map(Number));
    });
  });

  it('quarantines a malformed document with its id and goes on with its neighbours', async () => {
    const summary = await ingest([docOf(makeDraft({ id: 'TST:1', sourceId: '1' })), docOf('<xml broken', 'BROKEN-1'), docOf(makeDraft({ id: 'TST:2', sourceId: '2' }))]);
    expect(summary).toMatchObject({ fetched: 3, parsed: 2, inserted: 2, quarantined: 1 });
    const q = await t.db('quarantine').first();
    expect(q).toMatchObject({ source: 'tst', source_id: 'BROKEN-1', attempts: 1 });
    expect(q.error).toMatch(/not JSON/);
    expect(q.raw_document_id).not.toBeNull();
    await ingest([docOf('<xml broken', 'BROKEN-1')]);
    expect(await t.db('quarantine').first()).toMatchObject({ attempts: 2 });
  });

  it('skips out-of-scope documents without storing or quarantining them', async () => {
    const summary = await ingest([docOf({ skip: 'a 13F' }, 'X')]);
    expect(summary).toMatchObject({ skipped: 1, quarantined: 0, inserted: 0 });
    expect(await t.db('raw_documents').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('advances the cursor in the same transaction as the rows', async () => {
    await ingest([docOf(makeDraft())], { after: 'TST:1' });
    expect(await t.db('sources').first()).toMatchObject({ source: 'tst', cursor: { after: 'TST:1' } });

    // A batch whose write fails in the database leaves neither its rows, its raw documents nor its cursor.
    await t.db.raw(`create or replace function fail_on_tst9() returns trigger language plpgsql as $$
      begin if new.id = 'TST:9' then raise exception 'simulated write failure'; end if; return new; end $$`);
    await t.db.raw('create trigger fail_on_tst9 before insert on declarations for each row execute function fail_on_tst9()');
    try {
      const rawBefore = await t.db('raw_documents').count({ n: '*' }).first();
      await expect(ingest([docOf(makeDraft({ id: 'TST:8', sourceId: '8' })), docOf(makeDraft({ id: 'TST:9', sourceId: '9' }))], { after: 'TST:9' })).rejects.toThrow(/simulated write failure/);
      expect(await t.db('sources').first()).toMatchObject({ cursor: { after: 'TST:1' } });
      expect(await t.db('declarations').whereIn('id', ['TST:8', 'TST:9']).count({ n: '*' }).first()).toEqual({ n: 0 });
      expect(await t.db('raw_documents').count({ n: '*' }).first()).toEqual(rawBefore);
      expect(await t.db('ingest_runs').whereNotNull('error').count({ n: '*' }).first()).toEqual({ n: 1 });
    } finally {
      await t.db.raw('drop trigger fail_on_tst9 on declarations');
    }
  });
});

describe('amendments', () => {
  const original = makeDraft({
    id: 'TST:O',
    sourceId: 'O',
    linkKey: 'k1',
    lines: [makeLine({ shares: 100 }), makeLine({ line: 2, kind: 'holding', code: null, nature: null, shares: null, price: null, sharesOwnedAfter: 40 })],
  });
  const amendment = makeDraft({
    id: 'TST:A',
    sourceId: 'A',
    formType: '4/A',
    isAmendment: true,
    amendsKey: 'k1',
    pubDate: '2025-03-10T15:00:00.000Z',
    lines: [makeLine({ shares: 150 })],
  });
  const holdingsOnly = makeDraft({
    id: 'TST:H',
    sourceId: 'H',
    formType: '4/A',
    isAmendment: true,
    amendsKey: 'k1',
    pubDate: '2025-03-11T15:00:00.000Z',
    lines: [makeLine({ kind: 'holding', code: null, nature: null, shares: null, price: null, sharesOwnedAfter: 90 })],
  });
  const unrelated = makeDraft({ id: 'TST:U', sourceId: 'U', linkKey: 'k2' });

  async function state() {
    const rows = await t.db('declarations').select('id', 'is_canonical', 'amends', 'amended_by', 'lines', 'volume').orderBy('id');
    return Object.fromEntries(rows.map((r) => [r.id, r]));
  }

  it('an amendment supersedes exactly its original, in place', async () => {
    await ingest([original, unrelated].map((d) => docOf(d)));
    await ingest([docOf(amendment)]);
    const s = await state();
    expect(s['TST:O']).toMatchObject({ is_canonical: true, amended_by: 'TST:A', volume: 150 });
    expect(s['TST:A']).toMatchObject({ is_canonical: false, amends: 'TST:O' });
    expect(s['TST:U']).toMatchObject({ is_canonical: true, amended_by: null, volume: 100 });
    // Listings count the canonical record once.
    expect(await t.db('declarations').where({ is_canonical: true }).count({ n: '*' }).first()).toEqual({ n: 2 });
  });

  it('a holdings-only amendment never erases the original transactions', async () => {
    await ingest([original, amendment, holdingsOnly].map((d) => docOf(d)));
    const o = (await state())['TST:O'];
    const lines = o.lines as DeclarationDraft['lines'];
    expect(lines.filter((l) => l.kind === 'transaction').map((l) => l.shares)).toEqual([150]);
    expect(lines.filter((l) => l.kind === 'holding').map((l) => l.sharesOwnedAfter)).toEqual([90]);
    expect(o.amended_by).toBe('TST:H');
  });

  it('ends in the same state whatever the arrival order', async () => {
    await ingest([holdingsOnly, amendment].map((d) => docOf(d)));
    const orphan = await state();
    expect(orphan['TST:A']).toMatchObject({ is_canonical: true, amends: null });
    await ingest([docOf(original)]);
    const late = await state();
    await t.db.raw('truncate declarations, insiders, companies, company_identifiers, raw_documents cascade');
    await ingest([original, amendment, holdingsOnly].map((d) => docOf(d)));
    const inOrder = await state();
    const strip = (s: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { ...v }]));
    expect(strip(late)).toEqual(strip(inOrder));
  });
});
