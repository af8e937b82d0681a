import { parseDateRange, parseDate } from './dates.js';
import { findIsin, findLei } from './identifiers.js';
import type { Mar19Field, Mar19Language } from './labels.js';
import { isNotApplicable, parseDecimal, parseMoney, type DecimalMark } from './numbers.js';
import { parseNamePosition, personFrom } from './persons.js';
import {
  parseAggregated,
  splitEnumerated,
  tranchesFromTable,
  tranchesFromText,
  type AggregatedInformation,
  type AmountOptions,
  type Mar19Tranche,
} from './tranches.js';
import type { Mar19Notification, Mar19Person, Mar19Transaction, NotificationType, TemplateEntry } from './types.js';

export interface AssembleOptions {
  decimalMark: DecimalMark;
  /** Currency assumed for amounts that print none (the regulator's home currency, or null). */
  defaultCurrency: string | null;
}

type Section = 'person' | 'reason' | 'issuer' | 'transaction' | 'detailed' | 'aggregated' | null;

interface DetailedOperation {
  price: string | null;
  volume: string | null;
}

interface TransactionDraft {
  instrument: string | null;
  instrumentAndCode: string | null;
  identificationCode: string | null;
  nature: string | null;
  pricesText: string | null;
  pricesTable: string[][] | null;
  operations: DetailedOperation[];
  aggregatedText: string | null;
  aggregatedVolumeText: string | null;
  aggregatedPriceText: string | null;
  dateRaw: string | null;
  place: string | null;
  currency: string | null;
  programmeRaw: string | null;
}

interface Block {
  languages: Mar19Language[];
  names: string[];
  firstName: string | null;
  lastName: string | null;
  namePosition: string | null;
  positions: string[];
  notificationTypeRaw: string | null;
  issuerName: string | null;
  leiRaw: string | null;
  transactions: TransactionDraft[];
  receivedDate: string | null;
  comments: string | null;
}

const emptyTransaction = (): TransactionDraft => ({
  instrument: null,
  instrumentAndCode: null,
  identificationCode: null,
  nature: null,
  pricesText: null,
  pricesTable: null,
  operations: [],
  aggregatedText: null,
  aggregatedVolumeText: null,
  aggregatedPriceText: null,
  dateRaw: null,
  place: null,
  currency: null,
  programmeRaw: null,
});

const emptyBlock = (): Block => ({
  languages: [],
  names: [],
  firstName: null,
  lastName: null,
  namePosition: null,
  positions: [],
  notificationTypeRaw: null,
  issuerName: null,
  leiRaw: null,
  transactions: [],
  receivedDate: null,
  comments: null,
});

function transactionHasContent(t: TransactionDraft): boolean {
  return Object.entries(t).some(([k, v]) => (k === 'operations' ? t.operations.length > 0 : v !== null));
}

/** Fields that may only appear once per transaction: seeing one again starts the next transaction. */
const ONCE_PER_TRANSACTION: Partial<Record<Mar19Field, keyof TransactionDraft>> = {
  instrument: 'instrument',
  instrumentAndCode: 'instrumentAndCode',
  nature: 'nature',
  pricesVolumes: 'pricesText',
  date: 'dateRaw',
  place: 'place',
};

/**
 * Builds notifications from the template's labelled values, whatever rendered them. Repeated
 * section 1 starts a new person; repeated section 4 fields start a new transaction; numbered items
 * inside one cell ("1. Richard Oldfield 2. Meagen Burnett") are split per person and per nature.
 */
export function assembleNotifications(entries: TemplateEntry[], options: AssembleOptions): Mar19Notification[] {
  const blocks: Block[] = [];
  let block = emptyBlock();
  let transaction = emptyTransaction();
  let section: Section = null;
  let lastField: Mar19Field | null = null;

  const closeTransaction = () => {
    if (transactionHasContent(transaction)) block.transactions.push(transaction);
    transaction = emptyTransaction();
  };
  const startBlockIfDealt = () => {
    closeTransaction();
    if (block.transactions.length > 0) {
      blocks.push(block);
      block = emptyBlock();
    }
  };

  for (const entry of entries) {
    const value = entry.value.trim();
    block.languages.push(entry.language);
    const inTransaction = section === 'transaction' || section === 'detailed' || section === 'aggregated';
    switch (entry.field) {
      case 'personSection':
        startBlockIfDealt();
        section = 'person';
        break;
      case 'namePosition':
        startBlockIfDealt();
        section = 'person';
        if (value) block.namePosition = value;
        break;
      case 'name':
        if (section === 'issuer') block.issuerName = value || block.issuerName;
        else if (section === 'reason' && hasPerson(block) && block.issuerName === null) {
          // Compact renderings drop the "Details of the issuer" header: a second name after the
          // person's position is the issuer's.
          block.issuerName = value || null;
          section = 'issuer';
        } else if (inTransaction) {
          // "Name: Xetra" under the place of the transaction (German renderings) is not a person.
          if (lastField === 'place' && value) transaction.place = `${transaction.place ?? ''} ${value}`.trim();
          continue;
        } else {
          if (block.transactions.length > 0 || transactionHasContent(transaction)) startBlockIfDealt();
          section = 'person';
          if (value) block.names.push(value);
        }
        break;
      case 'firstName':
        if (block.transactions.length > 0 || transactionHasContent(transaction)) startBlockIfDealt();
        section = 'person';
        block.firstName = value || null;
        break;
      case 'lastName':
        section = 'person';
        block.lastName = value || null;
        break;
      case 'reasonSection':
        section = 'reason';
        break;
      case 'position':
        section = 'reason';
        if (value) block.positions.push(value);
        break;
      case 'notificationType':
        section = 'reason';
        if (value) block.notificationTypeRaw = value;
        break;
      case 'issuerSection':
        section = 'issuer';
        break;
      case 'lei':
        if (value) block.leiRaw = value;
        break;
      case 'transactionSection':
        closeTransaction();
        section = 'transaction';
        break;
      case 'detailedOperations':
        section = 'detailed';
        break;
      case 'aggregated':
        section = 'aggregated';
        if (value) transaction.aggregatedText = value;
        break;
      case 'aggregatedVolume':
        section = 'aggregated';
        transaction.aggregatedVolumeText = value;
        break;
      case 'aggregatedPrice':
        section = 'aggregated';
        transaction.aggregatedPriceText = value;
        break;
      case 'unitPrice':
      case 'price':
        if (section === 'aggregated' && entry.field === 'price') transaction.aggregatedPriceText = value;
        else transaction.operations.push({ price: value, volume: null });
        break;
      case 'volume':
        if (section === 'aggregated') transaction.aggregatedVolumeText = value;
        else {
          const last = transaction.operations[transaction.operations.length - 1];
          if (last && last.volume === null) last.volume = value;
          else transaction.operations.push({ price: null, volume: value });
        }
        break;
      case 'receivedDate':
        block.receivedDate = value || null;
        break;
      case 'comments':
        block.comments = value || null;
        break;
      case 'currency':
        transaction.currency = value || null;
        break;
      case 'programmeLinked':
        transaction.programmeRaw = value || null;
        break;
      case 'instrument':
      case 'instrumentAndCode':
      case 'identificationCode':
      case 'nature':
      case 'pricesVolumes':
      case 'date':
      case 'place': {
        const key = ONCE_PER_TRANSACTION[entry.field];
        if (key && transaction[key] !== null) closeTransaction();
        section = 'transaction';
        if (entry.field === 'instrument') transaction.instrument = value;
        else if (entry.field === 'instrumentAndCode') transaction.instrumentAndCode = value;
        else if (entry.field === 'identificationCode') transaction.identificationCode = value;
        else if (entry.field === 'nature') transaction.nature = value;
        else if (entry.field === 'date') transaction.dateRaw = value;
        else if (entry.field === 'place') transaction.place = value;
        else {
          transaction.pricesText = value;
          transaction.pricesTable = entry.table ?? null;
        }
        break;
      }
    }
    lastField = entry.field;
  }
  closeTransaction();
  blocks.push(block);

  const amountOptions: AmountOptions = { decimalMark: options.decimalMark, defaultCurrency: options.defaultCurrency };
  const notifications: Mar19Notification[] = [];
  let previous: Block | null = null;
  for (const b of blocks) {
    if (!hasPerson(b) && b.transactions.length === 0) continue;
    // A repeated person block in a bundled announcement may leave out the issuer it shares.
    if (previous) {
      b.issuerName ??= previous.issuerName;
      b.leiRaw ??= previous.leiRaw;
      b.notificationTypeRaw ??= previous.notificationTypeRaw;
    }
    notifications.push(...notificationsOfBlock(b, amountOptions));
    previous = b;
  }
  return notifications;
}

function hasPerson(b: Block): boolean {
  return b.names.length > 0 || b.namePosition !== null || b.firstName !== null || b.lastName !== null;
}

export function classifyNotificationType(text: string | null): NotificationType | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (/amend|modif|berichtig|korrektur|correct|rectif|wijziging|rettifica|rectificaci/.test(t)) return 'amendment';
  if (/initial|erstmeldung|iniziale|inicial|eerste/.test(t)) return 'initial';
  return null;
}

function mostFrequent<T>(values: T[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function personsOf(b: Block): Mar19Person[] {
  if (b.namePosition) return [parseNamePosition(b.namePosition)];
  const composed = [b.firstName, b.lastName].filter(Boolean).join(' ');
  const nameText = composed || b.names.join('\n');
  const names = splitEnumerated(nameText)?.map((i) => i.text) ?? [nameText];
  const positionText = b.positions.join('\n');
  const positions = splitEnumerated(positionText)?.map((i) => i.text) ?? null;
  return names
    .map((n) => n.replace(/\s+/g, ' ').trim())
    .filter((n) => n.length > 0)
    .map((name, i) => personFrom(name, positions ? (positions[i] ?? null) : positionText || null));
}

function splitInstrumentAndCode(text: string): { instrument: string | null; code: string | null } {
  const isin = findIsin(text);
  if (isin) {
    const instrument = text
      .replace(new RegExp(`\\(?\\s*(ISIN|code)?\\s*:?\\s*${isin}\\s*\\)?`, 'i'), ' ')
      .replace(/\s+/g, ' ')
      .replace(/[\s,;:/-]+$/, '')
      .trim();
    return { instrument: instrument || null, code: isin };
  }
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length >= 2) return { instrument: lines.slice(0, -1).join(' '), code: lines[lines.length - 1] ?? null };
  return { instrument: text.trim() || null, code: null };
}

function cleanCode(text: string | null): string | null {
  if (!text || isNotApplicable(text)) return null;
  return text.replace(/^(isin|code)\s*:?\s*/i, '').replace(/\s+/g, ' ').trim() || null;
}

function programmeFlag(text: string | null): boolean | null {
  if (!text) return null;
  if (/^(oui|yes|ja|si|sí|ja)\b/i.test(text.trim())) return true;
  if (/^(non|no|nein|nee)\b/i.test(text.trim())) return false;
  return null;
}

function tranchesOf(t: TransactionDraft, options: AmountOptions): Mar19Tranche[] {
  if (t.pricesTable && t.pricesTable.length > 0) {
    const fromTable = tranchesFromTable(t.pricesTable, options);
    if (fromTable.length > 0) return fromTable;
  }
  if (t.pricesText) {
    const fromText = tranchesFromText(t.pricesText, options);
    if (fromText.length > 0) return fromText;
  }
  return t.operations
    .filter((op) => (op.price && !isNotApplicable(op.price)) || (op.volume && !isNotApplicable(op.volume)))
    .map((op) => ({
      index: null,
      label: null,
      price: op.price && !isNotApplicable(op.price) ? parseMoney(op.price, options) : null,
      volume: op.volume && !isNotApplicable(op.volume) ? parseDecimal(op.volume, options.decimalMark) : null,
      volumeRaw: op.volume,
      date: null,
    }));
}

function aggregatedOf(t: TransactionDraft, options: AmountOptions): AggregatedInformation | null {
  if (t.aggregatedVolumeText !== null || t.aggregatedPriceText !== null) {
    const volumeText = t.aggregatedVolumeText ?? '';
    const priceText = t.aggregatedPriceText ?? '';
    return {
      volume: isNotApplicable(volumeText) ? null : parseDecimal(volumeText, options.decimalMark),
      price: isNotApplicable(priceText) ? null : parseMoney(priceText, options),
      raw: [t.aggregatedText, volumeText, priceText].filter((s) => s && s.trim()).join(' | ') || null,
    };
  }
  return t.aggregatedText ? parseAggregated(t.aggregatedText, options) : null;
}

function baseTransaction(t: TransactionDraft, options: AmountOptions): Mar19Transaction {
  let instrument = t.instrument?.replace(/\s+/g, ' ').trim() || null;
  let code = cleanCode(t.identificationCode);
  if (t.instrumentAndCode) {
    const split = splitInstrumentAndCode(t.instrumentAndCode);
    instrument ??= split.instrument;
    code ??= split.code;
  }
  if (!code && instrument) {
    const inInstrument = findIsin(instrument);
    if (inInstrument) code = inInstrument;
  }
  const range = t.dateRaw ? parseDateRange(t.dateRaw) : null;
  const declaredCurrency = t.currency ? parseMoney(`0 ${t.currency}`).currency : null;
  const sectionOptions = { ...options, defaultCurrency: declaredCurrency ?? options.defaultCurrency };
  const tranches = tranchesOf(t, sectionOptions);
  return {
    instrument,
    identificationCode: code,
    isin: findIsin(code),
    nature: t.nature?.replace(/[ \t]+/g, ' ').trim() || null,
    tranches,
    aggregated: aggregatedOf(t, sectionOptions),
    date: range?.from ?? null,
    dateTo: range && range.to !== range.from ? range.to : null,
    dateRaw: t.dateRaw?.replace(/\s+/g, ' ').trim() || null,
    place: t.place?.replace(/\s+/g, ' ').trim() || null,
    currency: declaredCurrency ?? tranches.find((x) => x.price?.currency)?.price?.currency ?? null,
    linkedToProgramme: programmeFlag(t.programmeRaw),
  };
}

/** The k-th (1-based) item of a field enumerated once per person or per nature, else the whole text. */
function itemOf(text: string | null, count: number, k: number): string | null {
  if (!text) return text;
  const items = splitEnumerated(text);
  return items && items.length === count ? (items[k - 1]?.text ?? null) : text;
}

function tranchesFor(tranches: Mar19Tranche[], count: number, k: number): Mar19Tranche[] | null {
  const indexed = tranches.filter((t) => t.index !== null);
  if (indexed.length > 0) return tranches.filter((t) => t.index === k);
  if (tranches.length === count) return [tranches[k - 1]!];
  return null;
}

/** Splits one transaction into one per numbered nature ("1. Sale … 2. Purchase …"). */
function splitByNature(t: Mar19Transaction, warnings: string[]): Mar19Transaction[] {
  const natures = t.nature ? splitEnumerated(t.nature) : null;
  if (!natures || natures.length < 2) return [t];
  const count = natures.length;
  return natures.map((item, i) => {
    const k = i + 1;
    const tranches = tranchesFor(t.tranches, count, k);
    if (tranches === null && k === 1) warnings.push(`could not tell which of ${t.tranches.length} price/volume rows belong to which of ${count} natures`);
    return {
      ...t,
      nature: item.text,
      date: parseDate(itemOf(t.dateRaw, count, k) ?? '') ?? t.date,
      place: itemOf(t.place, count, k),
      tranches: tranches ?? (k === 1 ? t.tranches : []),
      aggregated: count > 1 ? (t.aggregated?.raw ? { volume: null, price: null, raw: t.aggregated.raw } : null) : t.aggregated,
    };
  });
}

function transactionForPerson(t: Mar19Transaction, count: number, k: number, warnings: string[]): Mar19Transaction {
  const tranches = tranchesFor(t.tranches, count, k);
  if (tranches === null && t.tranches.length > 0) {
    warnings.push(`could not tell which of ${t.tranches.length} price/volume rows belong to this person among ${count}`);
  }
  const dateRaw = itemOf(t.dateRaw, count, k);
  const range = dateRaw ? parseDateRange(dateRaw) : null;
  return {
    ...t,
    instrument: itemOf(t.instrument, count, k),
    nature: itemOf(t.nature, count, k),
    place: itemOf(t.place, count, k),
    dateRaw,
    date: range?.from ?? t.date,
    dateTo: range && range.to !== range.from ? range.to : null,
    tranches: tranches ?? [],
    // The aggregate of a bundled cell covers everyone; it is kept as text only.
    aggregated: t.aggregated?.raw ? { volume: null, price: null, raw: t.aggregated.raw } : null,
  };
}

function notificationsOfBlock(b: Block, options: AmountOptions): Mar19Notification[] {
  const persons = personsOf(b);
  const language = mostFrequent(b.languages);
  const notificationTypeRaw = b.notificationTypeRaw?.replace(/\s+/g, ' ').trim() ?? null;
  const lei = findLei(b.leiRaw);
  const transactions = b.transactions.map((t) => baseTransaction(t, options));
  const list = persons.length > 0 ? persons : [];
  return list.map((person, i) => {
    const warnings: string[] = [];
    if (b.leiRaw && !lei && !isNotApplicable(b.leiRaw)) warnings.push(`LEI "${b.leiRaw.trim()}" fails its check digits`);
    const own = list.length > 1 ? transactions.map((t) => transactionForPerson(t, list.length, i + 1, warnings)) : transactions;
    return {
      language,
      person,
      notificationType: classifyNotificationType(notificationTypeRaw),
      notificationTypeRaw,
      issuer: { name: b.issuerName?.replace(/\s+/g, ' ').trim() || null, lei, leiRaw: b.leiRaw?.trim() ?? null },
      transactions: own.flatMap((t) => splitByNature(t, warnings)),
      receivedDate: b.receivedDate ? parseDate(b.receivedDate) : null,
      comments: b.comments?.trim() || null,
      warnings,
    };
  });
}
