import type { Declaration, DeclarationDraft } from './declaration.js';
import { marketTimeZone } from './markets.js';
import { slugify } from './slug.js';
import { declarationFacts } from './summary.js';

/**
 * A draft in the API's declaration shape, before storage: slugs are the plain ones storage would
 * try first, and there is no score or ingestion time yet. Used by `sigma parse`.
 */
export function draftToDeclaration(
  draft: DeclarationDraft,
): Omit<Declaration, 'ingestedAt' | 'updatedAt'> & { ingestedAt: null; updatedAt: null } {
  const facts = declarationFacts(draft, marketTimeZone(draft.market));
  return {
    id: draft.id,
    source: draft.source,
    market: draft.market,
    regulator: draft.regulator,
    formType: draft.formType,
    filingUrl: draft.filingUrl,
    pubDate: draft.pubDate,
    transactionDate: facts.transactionDate,
    filingDelayDays: facts.filingDelayDays,
    direction: facts.direction,
    isAmendment: draft.isAmendment,
    amends: draft.amendsId,
    amendedBy: null,
    isPlanned: draft.isPlanned,
    plannedEvidence: draft.plannedEvidence,
    company: {
      slug: slugify(draft.company.name),
      name: draft.company.name,
      isin: draft.company.isin,
      ticker: draft.company.ticker,
      market: draft.company.market,
      marketCapEur: null,
    },
    insider: {
      slug: slugify(draft.insider.name),
      name: draft.insider.name,
      role: draft.insider.role,
      roleRaw: draft.insider.roleRaw,
      isDirector: draft.insider.isDirector,
      isOfficer: draft.insider.isOfficer,
      isTenPctOwner: draft.insider.isTenPctOwner,
      isCloselyAssociated: draft.insider.isCloselyAssociated,
    },
    coReporters: draft.coReporters.map((c) => ({ name: c.name, externalId: c.externalId, role: c.role, roleRaw: c.roleRaw })),
    transaction: facts.transaction,
    lines: draft.lines,
    signal: null,
    remarks: draft.remarks,
    ingestedAt: null,
    updatedAt: null,
  };
}
