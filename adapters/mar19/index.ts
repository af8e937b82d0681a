/**
 * The EU / UK MAR Article 19 notification template (Implementing Regulation (EU) 2016/523), parsed
 * once for every renderer and language: label dictionaries, number/currency/date conventions, the
 * assembly of persons and transactions, and the mapping onto the common model.
 */
export { assembleNotifications, classifyNotificationType, type AssembleOptions } from './assemble.js';
export { CURRENCY_PATTERNS, detectCurrency, type CurrencyMark } from './currency.js';
export { findDates, MONTHS, parseDate, parseDateRange, type DateRange } from './dates.js';
export { equityIsinOf, mar19Draft, mar19Lines, mar19LinkKey, plannedOf, type Mar19DraftContext } from './draft.js';
export { entriesFromLines, entriesFromRows, type RowCell, type TextEntries } from './entries.js';
export { findIsin, findLei, isValidIsin, isValidLei } from './identifiers.js';
export {
  MAR19_FIELDS,
  MAR19_LABELS,
  MAR19_LANGUAGES,
  matchLabel,
  normalizeLabel,
  type LabelMatch,
  type Mar19Field,
  type Mar19Language,
} from './labels.js';
export { classifyNature, isDerivativeInstrument, mentionsPlan, NATURE_PATTERNS, PLAN_WORDING } from './nature.js';
export { isNotApplicable, parseDecimal, parseMoney, roundTo, type DecimalMark, type ReportedAmount } from './numbers.js';
export { parseNamePosition, personFrom } from './persons.js';
export { parseAggregated, splitEnumerated, tranchesFromTable, tranchesFromText } from './tranches.js';
export type {
  AggregatedInformation,
  Mar19Notification,
  Mar19Person,
  Mar19Tranche,
  Mar19Transaction,
  NotificationType,
  TemplateEntry,
} from './types.js';

import { assembleNotifications, type AssembleOptions } from './assemble.js';
import { entriesFromLines } from './entries.js';
import type { Mar19Language } from './labels.js';
import type { Mar19Notification } from './types.js';

/** Parses the template printed as text lines in any supported language. */
export function parseMar19Text(
  lines: string[],
  options: AssembleOptions,
  languages?: readonly Mar19Language[],
): { notifications: Mar19Notification[]; preamble: string[] } {
  const { entries, preamble } = entriesFromLines(lines, languages);
  return { notifications: assembleNotifications(entries, options), preamble };
}
