import { foldText, personNameKey } from '../model/slug.js';

/**
 * Legal-form words and fragments that mark a name as a company, trust or fund rather than a
 * natural person (the closely associated holding companies of MAR notifications).
 */
export const LEGAL_ENTITY_MARKERS: readonly RegExp[] = [
  /^(sarl|sas|sasu|sa|sci|sc|scp|sca|snc|eurl|selarl|gmbh|ag|ltd|bv|nv)\b/,
  /\b(s\.?a\.?s?\.?u?|s\.?a\.?r\.?l\.?|s\.?c\.?i\.?|s\.?c\.?a\.?|s\.?c\.?|s\.?n\.?c\.?|eurl|sprl|bvba)$/,
  /\b(ag|se|kg|kgaa|gmbh|mbh|ug|ohg|gbr|e\.?\s?v\.?|ev)\b/,
  /\b(ltd|limited|plc|llp|lp|llc|inc|incorporated|corp|corporation|company|co)\b\.?/,
  /\b(b\.?v\.?|n\.?v\.?|a\/s|as|asa|ab|oy|oyj|s\.?p\.?a\.?|s\.?r\.?l\.?|s\.?l\.?)$/,
  /\b(holding|holdings|beteiligung\w*|verwaltung\w*|vermogensverwaltung\w*|invest|investment|investments|capital|partners|participations?|patrimoine|finance|financiere|gestion|trust|trustees?|fund|fonds|foundation|fondation|stiftung|family office|nominees?|pension|schiffahrtsgesellschaft|gesellschaft)\b/,
  /&\s*co\b/,
];

/** True when the name carries a legal form or another marker of an entity. */
export function looksLikeLegalEntity(name: string): boolean {
  const folded = foldText(name).replace(/\s+/g, ' ').trim();
  return LEGAL_ENTITY_MARKERS.some((marker) => marker.test(folded));
}

const TITLE_WORDS = /^(dr|prof|mr|mrs|ms|miss|mme|mlle|m|herr|frau|sir|dame|lord|lady|dipl|ing|mag|ir)\.?$/i;

export interface NormalizedPersonName {
  /** Display form: "First Surname" order, titles kept in front, spacing cleaned. */
  display: string;
  /** Within-issuer comparison key (accents, case, order and titles ignored). */
  key: string;
  isEntity: boolean;
}

/**
 * Cleans a published name for display and matching. Registers such as BaFin print
 * "Surname, First" or "Surname, Dr. First"; those are turned round so "von Lackum, Lars" reads
 * "Lars von Lackum". Entities keep their published form.
 */
export function normalizePersonName(raw: string): NormalizedPersonName {
  const cleaned = raw.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').replace(/\s+,/g, ',').trim();
  const isEntity = looksLikeLegalEntity(cleaned);
  let display = cleaned;
  const parts = cleaned.split(',').map((p) => p.trim());
  if (!isEntity && parts.length === 2 && parts[0] && parts[1]) {
    const [surname, given] = parts;
    const givenWords = given.split(' ');
    const titles = givenWords.filter((w) => TITLE_WORDS.test(w));
    const names = givenWords.filter((w) => !TITLE_WORDS.test(w));
    if (names.length > 0 && surname.split(' ').length <= 4) {
      display = [...titles, ...names, surname].join(' ');
    }
  }
  return { display, key: insiderNameKey(cleaned), isEntity };
}

/**
 * The comparison key of a person's name within one issuer (`personNameKey` of the model): accents,
 * case, titles, apostrophes and word order ignored, so "Dr. MÜLLER, Hans" meets "Hans Müller".
 */
export function insiderNameKey(name: string): string {
  return personNameKey(name);
}

export interface InsiderMention {
  name: string;
  externalId: string | null;
  externalIdScheme: string | null;
}

/**
 * The identity an insider mention resolves to. A regulator's person id wins and is valid across
 * issuers; without one the person is only known by normalized name within one issuer, never across
 * issuers by name alone. `issuerKey` is whatever the store uses to identify the company.
 */
export function insiderIdentityKey(mention: InsiderMention, issuerKey: string): string {
  if (mention.externalId && mention.externalIdScheme) return `id:${mention.externalIdScheme}:${mention.externalId}`;
  return `name:${issuerKey}:${insiderNameKey(mention.name)}`;
}
