import type { Knex } from 'knex';
import { stampChanges } from '../db/change-clock.js';
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
}

interface ExistingRow {
  id: string;
  content_hash: string;
}

interface GroupRow {
  id: string;
  own_draft: DeclarationDraft;
  is_amendment: boolean;
  link_key: string | null;
  amends_key: string | null;
  amends_id: string | null;
  is_canonical: boolean;
  amends: string | null;
  amended_by: string | null;
  content_hash: string;
  company_id: number;
  insider_id: number;
  co_reporter_ids: number[];
  raw_document_id: number | null;
}

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
 * upserts each filing's own row keyed by its id (a content hash decides whether anything changed),
 * folds amendments into their originals' canonical records, and stamps every changed row for
 * pollers. Re-storing the same drafts changes nothing.
 */
export async function storeDrafts(trx: Knex.Transaction, items: DraftToStore[]): Promise<StoreOutcome> {
  const outcome: StoreOutcome = { inserted: [], updated: [], unchanged: [] };
  if (items.length === 0) return outcome;

  // The same filing twice in one batch: the last copy wins.
  const byId = new Map(items.map((item) => [item.draft.id, item]));
  const batch = [...byId.values()];
  const hashes = batch.map((item) => contentHash(item.draft));

  const existing = new Map<string, ExistingRow>(
    ((await trx('declarations')
      .select('id', 'content_hash')
      .whereIn('id', batch.map((i) => i.draft.id))) as ExistingRow[]).map((r) => [r.id, r]),
  );
  const changed = batch
    .map((item, index) => ({ item, hash: hashes[index]! }))
    .filter(({ item, hash }) => {
      const row = existing.get(item.draft.id);
      if (row && row.content_hash === hash) {
        outcome.unchanged.push(item.draft.id);
        return false;
      }
      (row ? outcome.updated : outcome.inserted).push(item.draft.id);
      return true;
    });
  if (changed.length === 0) return outcome;

  const companyIds = await resolveCompanies(trx, changed.map(({ item }) => item.draft.company));
  const people = changed.flatMap(({ item }, index) =>
    [item.draft.insider, ...item.draft.coReporters].map((person) => ({ person, companyId: companyIds[index]! })),
  );
  const personIds = await resolveInsiders(trx, people);

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
      own_draft: JSON.stringify(draft),
      content_hash: hash,
      raw_document_id: item.rawDocumentId,
      ...contentColumns(draft),
      ingested_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    };
  });
  await trx('declarations')
    .insert(rows)
    .onConflict('id')
    .merge(Object.keys(rows[0]!).filter((c) => c !== 'id' && c !== 'ingested_at'));

  const touched = new Set(changed.map(({ item }) => item.draft.id));
  for (const id of await refoldAmendmentGroups(trx, changed.map(({ item }) => item.draft))) touched.add(id);
  await stampChanges(trx, [...touched]);
  return outcome;
}

/**
 * Re-derives the canonical record of every original touched by this batch (as original or via an
 * amendment): originals carry the fold of all their amendments; folded amendments leave listings.
 * Returns ids whose stored state changed.
 */
async function refoldAmendmentGroups(
  trx: Knex.Transaction,
  drafts: DeclarationDraft[],
): Promise<string[]> {
  const linkKeys = new Set<string>();
  const originalIds = new Set<string>();
  for (const d of drafts) {
    if (d.isAmendment) {
      if (d.amendsKey) linkKeys.add(d.amendsKey);
      if (d.amendsId) originalIds.add(d.amendsId);
    } else {
      if (d.linkKey) linkKeys.add(d.linkKey);
      originalIds.add(d.id);
    }
  }
  if (linkKeys.size === 0 && originalIds.size === 0) return [];

  const members = (await trx('declarations')
    .select(
      'id', 'own_draft', 'is_amendment', 'link_key', 'amends_key', 'amends_id', 'is_canonical', 'amends',
      'amended_by', 'content_hash', 'company_id', 'insider_id', 'co_reporter_ids', 'raw_document_id',
    )
    .where((q) => {
      if (linkKeys.size) q.orWhereIn('link_key', [...linkKeys]).orWhereIn('amends_key', [...linkKeys]);
      if (originalIds.size) q.orWhereIn('id', [...originalIds]).orWhereIn('amends_id', [...originalIds]);
    })) as GroupRow[];

  const originals = members.filter((m) => !m.is_amendment);
  const amendments = members.filter((m) => m.is_amendment);
  const changedIds: string[] = [];

  // An amendment names its original by id when the regulator gives one, else by link key; with
  // several candidates for one key, the latest original filed that day is the one amended.
  const originalOf = new Map<string, GroupRow>();
  for (const amendment of amendments) {
    const candidates = originals
      .filter((o) => (amendment.amends_id ? o.id === amendment.amends_id : o.link_key !== null && o.link_key === amendment.amends_key))
      .sort((a, b) => b.own_draft.pubDate.localeCompare(a.own_draft.pubDate) || b.id.localeCompare(a.id));
    if (candidates[0]) originalOf.set(amendment.id, candidates[0]);
  }

  for (const amendment of amendments) {
    const original = originalOf.get(amendment.id);
    const wanted = { is_canonical: !original, amends: original?.id ?? null };
    if (amendment.is_canonical !== wanted.is_canonical || amendment.amends !== wanted.amends) {
      await trx('declarations').where({ id: amendment.id }).update(wanted);
      changedIds.push(amendment.id);
    }
  }

  for (const original of originals) {
    const its = amendments
      .filter((a) => originalOf.get(a.id)?.id === original.id)
      .sort((a, b) => a.own_draft.pubDate.localeCompare(b.own_draft.pubDate) || a.id.localeCompare(b.id));
    if (its.length === 0 && original.amended_by === null) continue;
    const folded = foldAmendments(original.own_draft, its.map((a) => a.own_draft));
    const latest = its.at(-1);
    await trx('declarations')
      .where({ id: original.id })
      .update({
        ...contentColumns(folded),
        amended_by: latest?.id ?? null,
        is_canonical: true,
        insider_id: latest?.insider_id ?? original.insider_id,
        co_reporter_ids: latest?.co_reporter_ids ?? original.co_reporter_ids,
      });
    changedIds.push(original.id);
  }
  return changedIds;
}
