import type { Knex } from 'knex';
import { foldText, personNameKey, slugify, slugSuffix, type CompanyRef, type InsiderRef } from '../model/index.js';

/** Identifier schemes in order of trust: a conflict between them resolves to the earlier one. */
const COMPANY_SCHEMES = ['LEI', 'ISIN', 'CIK', 'SOURCE'] as const;

function companyIdentifiers(ref: CompanyRef): Array<{ scheme: string; value: string }> {
  const ids: Array<{ scheme: string; value: string }> = [];
  if (ref.lei) ids.push({ scheme: 'LEI', value: ref.lei });
  if (ref.isin) ids.push({ scheme: 'ISIN', value: ref.isin });
  if (ref.cik) ids.push({ scheme: 'CIK', value: ref.cik });
  if (ref.sourceCompanyId) ids.push({ scheme: 'SOURCE', value: ref.sourceCompanyId });
  // An issuer named without any identifier is matched by name within its market only.
  if (ids.length === 0) ids.push({ scheme: 'NAME', value: `${ref.market}:${foldText(ref.name).replace(/\s+/g, ' ').trim()}` });
  return ids;
}

export function companyIdentityKey(ref: CompanyRef): string {
  const [first] = companyIdentifiers(ref);
  return `${first!.scheme}:${first!.value}`;
}

async function freeSlug(trx: Knex.Transaction, table: 'companies' | 'insiders', name: string, identityKey: string): Promise<string> {
  const base = slugify(name);
  const candidates = [base, `${base}-${slugSuffix(identityKey)}`, `${base}-${slugSuffix(`${identityKey}#2`)}`];
  const taken = new Set<string>(await trx(table).whereIn('slug', candidates).pluck('slug'));
  const free = candidates.find((c) => !taken.has(c));
  if (!free) throw new Error(`no free slug for ${name} (${identityKey})`);
  return free;
}

interface CompanyRow {
  id: number;
  cik: string | null;
  isin: string | null;
  lei: string | null;
  source_company_id: string | null;
  ticker: string | null;
  exchange: string | null;
}

const FILLABLE = ['cik', 'isin', 'lei', 'source_company_id', 'ticker', 'exchange'] as const;

function refValue(ref: CompanyRef, column: (typeof FILLABLE)[number]): string | null {
  return column === 'source_company_id' ? ref.sourceCompanyId : ref[column];
}

/**
 * Finds or creates the company of each reference (by LEI, ISIN, CIK or the regulator's own id;
 * never by name when an identifier exists), records every identifier seen, and fills blank
 * fields without overwriting known ones. A few set-based queries per batch, whatever its size.
 * An issuer seen by several regulators keeps the name and market of the draft that created it:
 * price resolution reads market with ticker, and each declaration carries its own market anyway.
 * Returns company ids parallel to `refs`.
 */
export async function resolveCompanies(trx: Knex.Transaction, refs: CompanyRef[]): Promise<number[]> {
  const identifiersOf = refs.map(companyIdentifiers);
  const keyOf = (i: { scheme: string; value: string }) => `${i.scheme}:${i.value}`;
  const wanted = new Map(identifiersOf.flat().map((i) => [keyOf(i), i]));
  const owner = new Map<string, number>();
  for (const row of (await trx('company_identifiers')
    .select('scheme', 'value', 'company_id')
    .whereIn(['scheme', 'value'], [...wanted.values()].map((i) => [i.scheme, i.value]))) as Array<{
    scheme: string;
    value: string;
    company_id: number;
  }>) {
    owner.set(keyOf(row), row.company_id);
  }
  const companies = new Map<number, CompanyRow>();
  for (const row of (await trx('companies')
    .select('id', ...FILLABLE)
    .whereIn('id', [...new Set(owner.values())])) as CompanyRow[]) {
    companies.set(row.id, row);
  }

  const newIdentifiers: Array<{ scheme: string; value: string; company_id: number }> = [];
  const ids: number[] = [];
  for (const [index, ref] of refs.entries()) {
    const identifiers = identifiersOf[index]!;
    const ranked = identifiers
      .filter((i) => owner.has(keyOf(i)))
      .sort(
        (a, b) =>
          COMPANY_SCHEMES.indexOf(a.scheme as (typeof COMPANY_SCHEMES)[number]) -
          COMPANY_SCHEMES.indexOf(b.scheme as (typeof COMPANY_SCHEMES)[number]),
      );
    let companyId = ranked[0] ? owner.get(keyOf(ranked[0]))! : undefined;
    if (companyId === undefined) {
      const identity = identifiers.map(keyOf).join('|');
      const slug = await freeSlug(trx, 'companies', ref.name, identity);
      const row = {
        cik: ref.cik,
        isin: ref.isin,
        lei: ref.lei,
        source_company_id: ref.sourceCompanyId,
        ticker: ref.ticker,
        exchange: ref.exchange,
      };
      const [inserted] = await trx('companies')
        .insert({ slug, name: ref.name, search_name: foldText(ref.name), market: ref.market, ...row })
        .returning<Array<{ id: number }>>('id');
      companyId = inserted!.id;
      companies.set(companyId, { id: companyId, ...row });
    } else {
      const row = companies.get(companyId)!;
      const fill = Object.fromEntries(
        FILLABLE.filter((c) => row[c] === null && refValue(ref, c) !== null).map((c) => [c, refValue(ref, c)]),
      );
      if (Object.keys(fill).length) {
        await trx('companies').where({ id: companyId }).update({ ...fill, updated_at: trx.fn.now() });
        Object.assign(row, fill);
      }
    }
    for (const i of identifiers) {
      if (owner.has(keyOf(i))) continue;
      owner.set(keyOf(i), companyId);
      newIdentifiers.push({ ...i, company_id: companyId });
    }
    ids.push(companyId);
  }
  if (newIdentifiers.length) {
    await trx('company_identifiers').insert(newIdentifiers).onConflict(['scheme', 'value']).ignore();
  }
  return ids;
}

/**
 * The identity of a reporting person: the regulator's own person id when it has one (so namesakes
 * never merge), else the normalized name within one issuer (never across issuers by name alone).
 */
export function insiderIdentityKey(person: InsiderRef, companyId: number): string {
  if (person.externalId) return `${person.externalIdScheme ?? 'EXTERNAL'}:${person.externalId}`;
  return `NAME:${companyId}:${personNameKey(person.name)}`;
}

/** Finds or creates each person; returns insider ids parallel to `people`. */
export async function resolveInsiders(
  trx: Knex.Transaction,
  people: Array<{ person: InsiderRef; companyId: number }>,
): Promise<number[]> {
  const keys = people.map(({ person, companyId }) => insiderIdentityKey(person, companyId));
  const unique = [...new Set(keys)];
  const found = new Map<string, number>();
  for (const row of (await trx('insiders').select('id', 'identity_key').whereIn('identity_key', unique)) as Array<{
    id: number;
    identity_key: string;
  }>) {
    found.set(row.identity_key, row.id);
  }
  for (const [index, key] of keys.entries()) {
    if (found.has(key)) continue;
    const { person } = people[index]!;
    const slug = await freeSlug(trx, 'insiders', person.name, key);
    const [inserted] = await trx('insiders')
      .insert({
        slug,
        name: person.name,
        search_name: foldText(person.name),
        identity_key: key,
        external_id: person.externalId,
        external_id_scheme: person.externalIdScheme,
        is_entity: person.isEntity,
      })
      .returning<Array<{ id: number }>>('id');
    found.set(key, inserted!.id);
  }
  return keys.map((k) => found.get(k)!);
}
