import type { Knex } from 'knex';
import { takeChangeStamp } from '../db/change-clock.js';
import { declarationFacts, marketTimeZone, type DeclarationDraft } from '../model/index.js';
import { foldAmendments } from './amendments.js';
import { contentHash } from './content-hash.js';
import { resolveCompanies, resolveInsiders } from './entities.js';

export interface DraftToStore {
  draft: DeclarationDraft;
  rawDocumentId: number | null;
}

export interface StoreOutcome {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Declarations whose stored state changed (inserted, updated, or re-folded by an amendment). */
  touched: string[];
}

/**
 * A stored declaration's own content (before any amendment was folded in), re-derived from its raw
 * document. Only amendment groups need it, so the rows themselves never carry a second copy.
 */
export type DraftLoader = (declaration: { id: string; rawDocumentId: number | null }) => Promise<DeclarationDraft | null>;

/** Columns that hold a (possibly amendment-folded) declaration's content. */
function contentColumns(draft: DeclarationDraft) {
  const facts = declarationFacts(draft, marketTimeZone(draft.market));
  const t = facts.transaction;
  return {
    market: draft.market,
    regulator: draft.regulator,
    form_type: draft.formType,
    filing_url: draft.filingUrl,
    pub_date: draft.pubDate,
    transaction_date: facts.transactionDate,
    filing_delay_days: facts.filingDelayDays,
    direction: facts.direction,
    is_planned: draft.isPlanned,
    planned_evidence: draft.plannedEvidence,
    insider_role: draft.insider.role,
    insider_role_raw: draft.insider.roleRaw,
    is_director: draft.insider.isDirector,
    is_officer: draft.insider.isOfficer,
    is_ten_pct_owner: draft.insider.isTenPctOwner,
    is_closely_associated: draft.insider.isCloselyAssociated,
    co_reporters: JSON.stringify(
      draft.coReporters.map((c) => ({ name: c.name, externalId: c.externalId, role: c.role, roleRaw: c.roleRaw })),
    ),
    nature: t.nature,
    nature_raw: t.natureRaw,
    instrument: t.instrument,
    isin: t.isin,
    unit_price: t.unitPrice,
    volume: t.volume,
    total_amount: t.totalAmount,
    currency: t.currency,
    venue: t.venue,
    lines: JSON.stringify(draft.lines),
    remarks: draft.remarks,
    footnotes: JSON.stringify(draft.footnotes),
    extras: JSON.stringify(draft.extras),
  };
}

/**
 * Writes drafts idempotently inside the caller's transaction: resolves companies and insiders,
 * upserts each filing's row keyed by its id (a content hash decides whether anything changed),
 * folds amendments into their originals' canonical records, and stamps every changed row with the
 * transaction's change stamp for pollers. Re-storing the same drafts changes nothing.
 */
export async function storeDrafts(trx: Knex.Transaction, items: DraftToStore[], loadDraft: DraftLoader): Promise<StoreOutcome> {
  const outcome: StoreOutcome = { inserted: [], updated: [], unchanged: [], touched: [] };
  if (items.length === 0) return outcome;

  // The same filing twice in one batch: the last copy wins.
  const batch = [...new Map(items.map((item) => [item.draft.id, item])).values()];
  const existingHash = new Map(
    ((await trx('declarations')
      .select('id', 'content_hash')
      .whereIn('id', batch.map((i) => i.draft.id))) as Array<{ id: string; content_hash: string }>).map((r) => [r.id, r.content_hash]),
  );
  const changed: Array<{ item: DraftToStore; hash: string }> = [];
  for (const item of batch) {
    const hash = contentHash(item.draft);
    const known = existingHash.get(item.draft.id);
    if (known === hash) {
      outcome.unchanged.push(item.draft.id);
      continue;
    }
    (known === undefined ? outcome.inserted : outcome.updated).push(item.draft.id);
    changed.push({ item, hash });
  }
  if (changed.length === 0) return outcome;

  const companyIds = await resolveCompanies(trx, changed.map(({ item }) => item.draft.company));
  const people = changed.flatMap(({ item }, index) =>
    [item.draft.insider, ...item.draft.coReporters].map((person) => ({ person, companyId: companyIds[index]! })),
  );
  const personIds = await resolveInsiders(trx, people);

  const stamp = await takeChangeStamp(trx);
  let cursor = 0;
  const rows = changed.map(({ item, hash }, index) => {
    const { draft } = item;
    const insiderId = personIds[cursor]!;
    const coReporterIds = personIds.slice(cursor + 1, cursor + 1 + draft.coReporters.length);
    cursor += 1 + draft.coReporters.length;
    return {
      id: draft.id,
      source: draft.source,
      source_id: draft.sourceId,
      is_amendment: draft.isAmendment,
      link_key: draft.linkKey,
      amends_key: draft.amendsKey,
      amends_id: draft.amendsId,
      company_id: companyIds[index]!,
      insider_id: insiderId,
      co_reporter_ids: coReporterIds,
      content_hash: hash,
      raw_document_id: item.rawDocumentId,
      ...contentColumns(draft),
      ingested_at: stamp,
      updated_at: stamp,
    };
  });
  await trx('declarations')
    .insert(rows)
    .onConflict('id')
    .merge(Object.keys(rows[0]!).filter((c) => c !== 'id' && c !== 'ingested_at'));

  const touched = new Set(changed.map(({ item }) => item.draft.id));
  const inBatch = new Map(changed.map(({ item }) => [item.draft.id, item.draft]));
  for (const id of await refoldAmendmentGroups(trx, inBatch, stamp, loadDraft)) touched.add(id);
  outcome.touched = [...touched];
  return outcome;
}

interface OriginalRow {
  id: string;
  link_key: string | null;
  pub_date: Date;
  amended_by: string | null;
  insider_id: number;
  co_reporter_ids: number[];
  raw_document_id: number | null;
}

interface AmendmentRow {
  id: string;
  amends_key: string | null;
  amends_id: string | null;
  pub_date: Date;
  is_canonical: boolean;
  amends: string | null;
  insider_id: number;
  co_reporter_ids: number[];
  raw_document_id: number | null;
}

const byPublication = (a: { pub_date: Date; id: string }, b: { pub_date: Date; id: string }) =>
  a.pub_date.getTime() - b.pub_date.getTime() || a.id.localeCompare(b.id);

/**
 * Re-derives the canonical record of every amendment group this batch touches: an original
 * carries the fold of all its amendments in publication order, and folded amendments leave
 * listings. An amendment names its original by id when the regulator gives one, else by link key;
 * with several originals under one key, the latest is the one amended. Returns changed ids.
 */
async function refoldAmendmentGroups(
  trx: Knex.Transaction,
  inBatch: Map<string, DeclarationDraft>,
  stamp: Date,
  loadDraft: DraftLoader,
): Promise<string[]> {
  const drafts = [...inBatch.values()];
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const d of drafts) {
    if (d.isAmendment) {
      if (d.amendsKey) keys.add(d.amendsKey);
      if (d.amendsId) ids.add(d.amendsId);
    } else if (d.linkKey) {
      keys.add(d.linkKey);
    }
  }
  if (keys.size === 0 && ids.size === 0) return [];

  const originals = (await trx('declarations')
    .select('id', 'link_key', 'pub_date', 'amended_by', 'insider_id', 'co_reporter_ids', 'raw_document_id')
    .where('is_amendment', false)
    .andWhere((q) => q.whereIn('link_key', [...keys]).orWhereIn('id', [...ids]))) as OriginalRow[];
  const originalIds = new Set([...originals.map((o) => o.id), ...drafts.filter((d) => !d.isAmendment).map((d) => d.id)]);
  for (const o of originals) if (o.link_key) keys.add(o.link_key);
  const amendments = (await trx('declarations')
    .select('id', 'amends_key', 'amends_id', 'pub_date', 'is_canonical', 'amends', 'insider_id', 'co_reporter_ids', 'raw_document_id')
    .where('is_amendment', true)
    .andWhere((q) => q.whereIn('amends_key', [...keys]).orWhereIn('amends_id', [...originalIds]))) as AmendmentRow[];
  if (amendments.length === 0 && originals.every((o) => o.amended_by === null)) return [];

  const changedIds: string[] = [];
  const regroup = new Set<string>();
  const membersOf = new Map<string, AmendmentRow[]>();
  for (const amendment of amendments) {
    const original = originals
      .filter((o) => (amendment.amends_id ? o.id === amendment.amends_id : o.link_key !== null && o.link_key === amendment.amends_key))
      .sort(byPublication)
      .at(-1);
    if (original) membersOf.set(original.id, [...(membersOf.get(original.id) ?? []), amendment]);
    const wanted = { is_canonical: !original, amends: original?.id ?? null };
    if (amendment.is_canonical !== wanted.is_canonical || amendment.amends !== wanted.amends) {
      await trx('declarations').where({ id: amendment.id }).update({ ...wanted, updated_at: stamp });
      changedIds.push(amendment.id);
      if (original) regroup.add(original.id);
      if (amendment.amends) regroup.add(amendment.amends);
    } else if (inBatch.has(amendment.id) && original) {
      regroup.add(original.id);
    }
  }

  const draftOf = async (row: { id: string; raw_document_id: number | null }) => {
    const draft = inBatch.get(row.id) ?? (await loadDraft({ id: row.id, rawDocumentId: row.raw_document_id }));
    if (!draft) throw new Error(`cannot re-derive declaration ${row.id} from its raw document to fold its amendments`);
    return draft;
  };

  for (const original of originals) {
    const its = (membersOf.get(original.id) ?? []).sort(byPublication);
    const latest = its.at(-1);
    const stale = (latest?.id ?? null) !== original.amended_by;
    if (!stale && !regroup.has(original.id) && !(inBatch.has(original.id) && latest)) continue;
    const folded = foldAmendments(await draftOf(original), await Promise.all(its.map(draftOf)));
    await trx('declarations')
      .where({ id: original.id })
      .update({
        ...contentColumns(folded),
        amended_by: latest?.id ?? null,
        is_canonical: true,
        insider_id: latest?.insider_id ?? original.insider_id,
        co_reporter_ids: latest?.co_reporter_ids ?? original.co_reporter_ids,
        updated_at: stamp,
      });
    changedIds.push(original.id);
  }
  return changedIds;
}
