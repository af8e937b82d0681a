import { foldText } from '../model/slug.js';
import type { InsiderRole, Role } from '../model/index.js';

/**
 * One row of the title table: a pattern over the folded title (lower case, no accents) and the
 * common role it means. Rows are tried in order, so the specific ones ("directeur général délégué",
 * "vice chair", "chair of the audit committee") come before the general ones they contain.
 */
export interface RolePattern {
  pattern: RegExp;
  role: Role;
  /** Why this row exists, for a reader of the table (and for tests naming the case). */
  note: string;
}

export const ROLE_PATTERNS: readonly RolePattern[] = [
  // Closely associated persons first: their title often names the PDMR's role too
  // ("spouse of the CEO", "personne étroitement liée à M. X, Directeur Général").
  { pattern: /\bclosely[- ]associated\b|\bpersons? closely\b|\bpca\b|\bconnected person\b/, role: 'CLOSELY_ASSOCIATED', note: 'EN closely associated person' },
  { pattern: /\b(etroitement )?liee?s? a\b|\bpersonne (morale |physique )?(etroitement )?liee?\b/, role: 'CLOSELY_ASSOCIATED', note: 'FR personne (étroitement) liée' },
  { pattern: /\bin enger beziehung\b|\beng verbundene?\b/, role: 'CLOSELY_ASSOCIATED', note: 'DE in enger Beziehung' },
  { pattern: /\b(spouse|wife|husband|conjoint|epouse|epoux|ehefrau|ehemann|ehepartner(in)?)\b|\b(son|daughter|child) of\b/, role: 'CLOSELY_ASSOCIATED', note: 'family member of a PDMR' },
  { pattern: /\bstrettamente (associata|legata)\b|\bestrechamente vinculada\b|\bnauw (met hem |met haar )?verbonden\b/, role: 'CLOSELY_ASSOCIATED', note: 'IT/ES/NL closely associated' },

  // Deputies are officers, not the chief.
  { pattern: /\bdirect(eur|rice) generale? delegue?e?\b|\bdeputy (chief executive|ceo|managing director)\b|\bstellvertretende?r? vorsitzende?r? des vorstands\b/, role: 'OTHER_OFFICER', note: 'deputy CEO (DG délégué)' },
  { pattern: /\b(executive|senior) vice[- ]president\b|\bevp\b|\bsvp\b|\bmanaging director\b/, role: 'OTHER_OFFICER', note: 'executive titles that contain board words' },
  { pattern: /\bvice[- ]?(chair|chairman|chairwoman|president|presidente)\b|\bstellvertretende?r? (aufsichtsrats)?vorsitzende?r?\b/, role: 'DIRECTOR', note: 'vice chair of the board' },
  { pattern: /\bchair(man|woman|person)? of the (audit|remuneration|nomination|risk|esg|sustainability)[a-z ]*committee\b|\bpresident(e)? du comite\b/, role: 'DIRECTOR', note: 'committee chair is a board member' },

  { pattern: /\bchief financial officer\b|\bcfo\b|\b(group )?finance director\b|\bdirect(eur|rice) (administratif et )?financi(er|ere)\b|\bdaf\b|\bfinanzvorstand\b|\bfinanzvorstandin\b|\bfinanzchef\b|\bdirettore finanziario\b|\bdirector financiero\b/, role: 'CFO', note: 'chief financial officer' },
  { pattern: /\bchief executive( officer)?\b|\bceo\b|\bpresident[- ]directeur general\b|\bpdg\b|\bdirect(eur|rice) generale?\b|\bpresident(e)? du directoire\b|\bvorsitzende?r? des vorstands\b|\bvorstandsvorsitzende?r?\b|\bvorstandssprecher(in)?\b|\bsprecher(in)? des vorstands\b|\bgerant(e)?\b|\bamministratore delegato\b|\bconsejero delegado\b/, role: 'CEO', note: 'chief executive' },
  { pattern: /\bchair(man|woman|person)?\b|\bpresident(e)? du conseil\b|\bpresident(e)?\b|\bvorsitzende?r? des aufsichtsrats\b|\baufsichtsratsvorsitzende?r?\b|\bvorsitzende?r? des verwaltungsrats\b|\bverwaltungsratsprasident(in)?\b|\bvoorzitter\b/, role: 'CHAIR', note: 'chair of the board' },

  // Board members. Supervisory boards (Aufsichtsrat, conseil de surveillance) count as directors.
  { pattern: /\bnon[- ]executive\b|\bned\b|\bindependent director\b|\bboard member\b|\bmember of the (board|supervisory board)\b|\bdirector\b|\badministrat(eur|rice)\b|\bmembre du conseil\b|\bconseil de surveillance\b|\bcensor|\bcenseur\b|\baufsichtsrat(smitglied)?\b|\bmitglied des aufsichtsrats\b|\bverwaltungsrat(smitglied)?\b|\bconsigliere\b|\bconsejero\b|\bcommissaris\b/, role: 'DIRECTOR', note: 'board / supervisory board member' },

  // Everyone else discharging managerial responsibilities.
  { pattern: /\bchief [a-z ]*officer\b|\b(c[otoi]o|cxo|cro|cco|chro|cmo|cso)\b|\bofficer\b|\bexecutive\b|\bhead of\b|\bmanaging director\b|\bgeneral counsel\b|\bcompany secretary\b|\bsecretary\b|\bmembre du (directoire|comite executif|comex)\b|\bdirecteur\b|\bdirectrice\b|\bresponsable\b|\bvorstand(smitglied)?\b|\bmitglied des vorstands\b|\bgeschaftsfuhrer(in)?\b|\bsonstige fuhrungsperson\b|\bfuhrungskraft\b|\bdirigeant\b|\bpdmr\b|\bmanager\b|\bdirettore\b|\bdirectivo\b|\bbestuurder\b/, role: 'OTHER_OFFICER', note: 'other person discharging managerial responsibilities' },
];

const DIRECTOR_HINT = /\bdirector\b|\badministrat(eur|rice)\b|\bconseil\b|\baufsichtsrat|\bverwaltungsrat|\bboard\b|\bchair/;
const OFFICER_HINT = /(?<!non[- ])\bexecutive director\b|\bmanaging director\b|\bdirecteur general\b/;

/**
 * Maps a published title (French, German, English, …) onto the common roles with the booleans the
 * model carries. The raw title is kept verbatim in `roleRaw`; an unknown or missing title is OTHER.
 */
export function normalizeRole(title: string | null | undefined): InsiderRole {
  const raw = title?.replace(/\s+/g, ' ').trim() || null;
  const folded = raw ? foldText(raw) : '';
  const role = ROLE_PATTERNS.find((row) => row.pattern.test(folded))?.role ?? 'OTHER';
  const isCloselyAssociated = role === 'CLOSELY_ASSOCIATED';
  const isOfficer =
    !isCloselyAssociated && (role === 'CEO' || role === 'CFO' || role === 'OTHER_OFFICER' || OFFICER_HINT.test(folded));
  const isDirector =
    !isCloselyAssociated && (role === 'DIRECTOR' || role === 'CHAIR' || (role !== 'OTHER_OFFICER' && DIRECTOR_HINT.test(folded)) || /\bnon[- ]executive\b|\bexecutive director\b/.test(folded));
  return { role, roleRaw: raw, isDirector, isOfficer, isTenPctOwner: false, isCloselyAssociated };
}
