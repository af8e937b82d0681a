import { insiderNameKey, normalizePersonName } from '../../src/entity/names.js';
import { normalizeRole } from '../../src/entity/roles.js';
import type { CompanyRef, DeclarationDraft, Line, PlannedEvidence } from '../../src/model/index.js';
import { ParseError } from '../types.js';
import { slugify } from '../../src/model/slug.js';
import { classifyNature, isDerivativeInstrument, mentionsPlan } from './nature.js';
import { roundTo } from './numbers.js';
import type { Mar19Notification, Mar19Transaction } from './types.js';

type Scalar = string | number | boolean | null;

const ACQUIRED = new Set(['BUY', 'EXERCISE', 'AWARD', 'INHERITANCE']);
const DISPOSED = new Set(['SELL', 'TAX_WITHHOLDING']);
const SHARE_WORDING = /\b(share|shares|action|actions|aktie|aktien|stock|ordinary|equity|titres?|azioni|acciones|aandelen)\b/i;

export interface Mar19Lines {
  lines: Line[];
  /** Raw texts beside converted values (pence prices, aggregated cells), keyed per line. */
  extras: Record<string, Scalar>;
}

function lineFor(
  n: number,
  t: Mar19Transaction,
  shares: number | null,
  price: { value: number | null; currency: string | null } | null,
  statedAmount: number | null,
  date: string | null,
  note: string | null,
): Line {
  const nature = classifyNature(t.nature);
  const priceValue = price?.value ?? null;
  const amount = statedAmount ?? (shares !== null && priceValue !== null ? roundTo(shares * priceValue, 4) : null);
  const isDerivative = isDerivativeInstrument(t.instrument);
  return {
    line: n,
    kind: 'transaction',
    code: t.nature,
    nature,
    securityTitle: t.instrument,
    isin: t.isin,
    isDerivative,
    transactionDate: date ?? t.date,
    shares,
    price: priceValue,
    amount,
    currency: price?.currency ?? t.currency,
    acquiredDisposed: nature && ACQUIRED.has(nature) ? 'A' : nature && DISPOSED.has(nature) ? 'D' : null,
    sharesOwnedAfter: null,
    directIndirect: null,
    natureOfOwnership: null,
    venue: t.place,
    footnotes: note ? [note] : [],
    footnoteRefs: note ? [{ id: `L${n}`, field: 'shares' }] : [],
    derivative: null,
  };
}

/**
 * One common-model line per price/volume row of every transaction; a transaction without rows
 * gives one line from its aggregated information (or a line without amounts, never invented ones).
 */
export function mar19Lines(notification: Mar19Notification): Mar19Lines {
  const lines: Line[] = [];
  const extras: Record<string, Scalar> = {};
  notification.transactions.forEach((t, ti) => {
    const tx = `tx${ti + 1}`;
    if (t.identificationCode && t.identificationCode !== t.isin) extras[`${tx}IdentificationCode`] = t.identificationCode;
    if (t.dateTo) extras[`${tx}DateTo`] = t.dateTo;
    if (t.aggregated?.raw) extras[`${tx}AggregatedRaw`] = t.aggregated.raw;
    if (t.linkedToProgramme !== null) extras[`${tx}LinkedToProgramme`] = t.linkedToProgramme;
    if (t.tranches.length === 0) {
      const n = lines.length + 1;
      const agg = t.aggregated;
      lines.push(lineFor(n, t, agg?.volume ?? null, agg?.price ?? null, null, null, null));
      if (agg?.price?.convertedFromMinorUnit) extras[`line${n}PriceRaw`] = agg.price.raw;
      return;
    }
    for (const tranche of t.tranches) {
      const n = lines.length + 1;
      lines.push(lineFor(n, t, tranche.volume, tranche.price, tranche.amount?.value ?? null, tranche.date, tranche.note ?? null));
      if (tranche.price && (tranche.price.convertedFromMinorUnit || tranche.price.raw !== String(tranche.price.value))) {
        extras[`line${n}PriceRaw`] = tranche.price.raw;
      }
      if (tranche.amount) extras[`line${n}AmountRaw`] = tranche.amount.raw;
      if (tranche.label) extras[`line${n}Label`] = tranche.label;
    }
  });
  return { lines, extras };
}

/** Whether the notification says the dealing followed a programme or plan, and on what evidence. */
export function plannedOf(notification: Mar19Notification): { isPlanned: boolean | null; plannedEvidence: PlannedEvidence | null } {
  const flags = notification.transactions.map((t) => t.linkedToProgramme).filter((f): f is boolean => f !== null);
  if (flags.includes(true)) return { isPlanned: true, plannedEvidence: 'programme_flag' };
  if (flags.length > 0) return { isPlanned: false, plannedEvidence: 'programme_flag' };
  if (notification.transactions.some((t) => mentionsPlan(t.nature))) return { isPlanned: true, plannedEvidence: 'text' };
  return { isPlanned: null, plannedEvidence: null };
}

/** The issuer's equity ISIN when a transaction is in its shares (not options, bonds, warrants). */
export function equityIsinOf(notification: Mar19Notification): string | null {
  const shares = notification.transactions.find(
    (t) => t.isin && !isDerivativeInstrument(t.instrument) && SHARE_WORDING.test(t.instrument ?? ''),
  );
  return shares?.isin ?? null;
}

/**
 * The key an original notification publishes and an amendment points at: the same person, issuer
 * and first transaction date (MAR amendments do not cite the original's id).
 */
export function mar19LinkKey(notification: Mar19Notification, issuerKey: string): string | null {
  const date = notification.transactions.map((t) => t.date).filter((d): d is string => d !== null).sort()[0];
  if (!date) return null;
  return `mar19:${issuerKey}:${insiderNameKey(notification.person.name)}:${date}`;
}

export interface Mar19DraftContext {
  id: string;
  source: string;
  sourceId: string;
  market: string;
  regulator: string;
  formType: string;
  filingUrl: string | null;
  pubDate: string;
  company: Omit<CompanyRef, 'name' | 'lei' | 'isin'> & { name?: string | null; lei?: string | null; isin?: string | null };
  /** Overrides what the notification itself says about a plan (e.g. a register-level flag). */
  planned?: { isPlanned: boolean | null; plannedEvidence: PlannedEvidence | null };
  personExternalId?: { id: string; scheme: string } | null;
  extras?: Record<string, Scalar>;
}

/** A notification in the template's terms → one declaration of the common model. */
export function mar19Draft(notification: Mar19Notification, ctx: Mar19DraftContext): DeclarationDraft {
  const person = normalizePersonName(notification.person.name);
  const role = normalizeRole(notification.person.position);
  const closely = notification.person.closelyAssociated || role.isCloselyAssociated;
  const insiderRole = closely
    ? { ...role, role: 'CLOSELY_ASSOCIATED' as const, isDirector: false, isOfficer: false, isCloselyAssociated: true }
    : role;
  const { lines, extras: lineExtras } = mar19Lines(notification);
  const lei = ctx.company.lei ?? notification.issuer.lei;
  const isin = ctx.company.isin ?? equityIsinOf(notification);
  const companyName = ctx.company.name ?? notification.issuer.name;
  if (!companyName) throw new ParseError(ctx.sourceId, 'the notification names no issuer');
  const issuerKey = lei ?? isin ?? ctx.company.sourceCompanyId ?? slugify(companyName);
  const linkKey = mar19LinkKey(notification, issuerKey);
  const isAmendment = notification.notificationType === 'amendment';
  const planned = ctx.planned ?? plannedOf(notification);
  const extras: Record<string, Scalar> = {
    templateLanguage: notification.language,
    notificationTypeRaw: notification.notificationTypeRaw,
    ...(notification.person.associatedWith ? { associatedWith: notification.person.associatedWith } : {}),
    ...(notification.receivedDate ? { receivedDate: notification.receivedDate } : {}),
    ...(notification.issuer.leiRaw && !notification.issuer.lei ? { leiRaw: notification.issuer.leiRaw } : {}),
    ...(notification.warnings.length ? { warnings: notification.warnings.join(' | ') } : {}),
    ...lineExtras,
    ...ctx.extras,
  };
  return {
    id: ctx.id,
    source: ctx.source,
    sourceId: ctx.sourceId,
    market: ctx.market,
    regulator: ctx.regulator,
    formType: ctx.formType,
    filingUrl: ctx.filingUrl,
    pubDate: ctx.pubDate,
    isAmendment,
    linkKey: isAmendment ? null : linkKey,
    amendsKey: isAmendment ? linkKey : null,
    amendsId: null,
    isPlanned: planned.isPlanned,
    plannedEvidence: planned.plannedEvidence,
    company: {
      cik: ctx.company.cik,
      isin,
      lei,
      sourceCompanyId: ctx.company.sourceCompanyId,
      name: companyName,
      ticker: ctx.company.ticker,
      exchange: ctx.company.exchange,
      market: ctx.company.market,
    },
    insider: {
      name: person.display,
      externalId: ctx.personExternalId?.id ?? null,
      externalIdScheme: ctx.personExternalId?.scheme ?? null,
      isEntity: person.isEntity,
      ...insiderRole,
    },
    coReporters: [],
    lines,
    remarks: notification.comments,
    footnotes: Object.fromEntries(lines.flatMap((l) => l.footnotes.map((f) => [`L${l.line}`, f] as const))),
    extras,
  };
}
