import { isValidIsin } from '../mar19/identifiers.js';
import { parseMoney, roundTo, type ReportedAmount } from '../mar19/numbers.js';
import { personFrom } from '../mar19/persons.js';
import { germanDateTime } from '../mar19/time.js';
import type { Mar19Notification, Mar19Tranche } from '../mar19/types.js';
import { ParseError, type ParseOutcome, type RawDocument, type Skipped } from '../types.js';
import { BAFIN_CSV_COLUMNS } from './codes.js';
import { BafinCsvError, splitBafinCsv, type BafinCsvRow } from './csv.js';

/** One row of the export, typed, with the raw texts kept. */
export interface BafinRow {
  issuer: string;
  bafinId: string;
  isin: string;
  person: string;
  position: string;
  instrument: string;
  transactionType: string;
  averagePriceRaw: string;
  aggregatedVolumeRaw: string;
  notificationDate: string | null;
  transactionDate: string;
  venue: string | null;
  activationDate: string;
  activationTime: string | null;
}

export interface BafinRecord {
  sourceId: string;
  lineNumber: number;
  occurrence: number;
  row: BafinRow;
  /** Set when the volume was derived from amount ÷ price (the register prints no share count). */
  derivedVolume: boolean;
  notification: Mar19Notification;
}

class RowError extends Error {}

/** Decimals printed in a German number ("49,35 EUR" → 2). */
function printedDecimals(raw: string): number {
  const m = /,(\d+)/.exec(raw);
  return m ? m[1]!.length : 0;
}

/**
 * The number of instruments behind an amount at an average price. The average is rounded to the
 * printed decimals, so any count whose price would round to it fits; the whole number nearest to
 * amount ÷ price is taken when one fits, else the ratio itself (4 decimals).
 */
export function deriveVolume(amount: number, price: number, priceDecimals: number): number {
  const ratio = amount / price;
  const half = 0.5 * 10 ** -priceDecimals;
  const low = amount / (price + half);
  const high = price - half > 0 ? amount / (price - half) : Infinity;
  const nearest = Math.round(ratio);
  if (nearest >= low && nearest <= high && nearest > 0) return nearest;
  return roundTo(ratio, 4);
}

function requireDate(text: string, column: string): { date: string; time: string | null } {
  const parsed = germanDateTime(text);
  if (!parsed) throw new RowError(`${column} "${text}" is not a DD.MM.YYYY date`);
  return parsed;
}

function typedRow(fields: string[]): BafinRow {
  if (fields.length !== BAFIN_CSV_COLUMNS.length) {
    throw new RowError(`expected ${BAFIN_CSV_COLUMNS.length} ";"-separated fields, found ${fields.length} (a name containing ";"?)`);
  }
  const f = fields.map((x) => x.trim());
  const [issuer, bafinId, isin, person, position, instrument, transactionType, avg, agg, notified, dealt, venue, activated] = f as [
    string, string, string, string, string, string, string, string, string, string, string, string, string,
  ];
  if (!issuer) throw new RowError('Emittent is empty');
  if (!person) throw new RowError('Meldepflichtiger is empty');
  if (!isValidIsin(isin)) throw new RowError(`ISIN "${isin}" is not a valid ISIN (check digit)`);
  const activation = requireDate(activated, 'Datum der Aktivierung');
  return {
    issuer,
    bafinId,
    isin,
    person,
    position,
    instrument,
    transactionType,
    averagePriceRaw: avg,
    aggregatedVolumeRaw: agg,
    notificationDate: notified ? requireDate(notified, 'Mitteilungsdatum').date : null,
    transactionDate: requireDate(dealt, 'Datum des Geschäfts').date,
    venue: venue || null,
    activationDate: activation.date,
    activationTime: activation.time,
  };
}

function amountOrNull(raw: string, column: string): ReportedAmount | null {
  if (!raw) return null;
  const amount = parseMoney(raw, { decimalMark: ',', defaultCurrency: null });
  if (amount.value === null) throw new RowError(`${column} "${raw}" is not a number`);
  return amount;
}

/** The row in the template's terms. `Aggregiertes Volumen` is an amount: the volume is derived. */
function notificationOf(row: BafinRow): { notification: Mar19Notification; derived: boolean } {
  const price = amountOrNull(row.averagePriceRaw, 'Durchschnittspreis');
  const amount = amountOrNull(row.aggregatedVolumeRaw, 'Aggregiertes Volumen');
  let volume: number | null = null;
  let note: string | null = null;
  if (price?.value && amount?.value !== null && amount?.value !== undefined && price.value > 0) {
    volume = deriveVolume(amount.value, price.value, printedDecimals(row.averagePriceRaw));
    note =
      `Volume derived by Sigma: BaFin publishes "Aggregiertes Volumen" as an amount (${row.aggregatedVolumeRaw}); ` +
      `${row.aggregatedVolumeRaw} ÷ ${row.averagePriceRaw} = ${roundTo(amount.value / price.value, 4)} → ${volume}.`;
  }
  const tranches: Mar19Tranche[] =
    price || amount
      ? [{ index: null, label: null, price, volume, volumeRaw: null, date: row.transactionDate, amount, note }]
      : [];
  return {
    derived: volume !== null,
    notification: {
      language: 'de',
      person: personFrom(row.person, row.position || null),
      notificationType: null,
      notificationTypeRaw: null,
      issuer: { name: row.issuer, lei: null, leiRaw: null },
      transactions: [
        {
          instrument: row.instrument || null,
          identificationCode: row.isin,
          isin: row.isin,
          nature: row.transactionType || null,
          tranches,
          aggregated: { volume, price, raw: [row.averagePriceRaw, row.aggregatedVolumeRaw].filter(Boolean).join(' | ') || null },
          date: row.transactionDate,
          dateTo: null,
          dateRaw: row.transactionDate,
          place: row.venue,
          currency: price?.currency ?? amount?.currency ?? null,
          linkedToProgramme: null,
        },
      ],
      receivedDate: row.notificationDate,
      comments: null,
      warnings: [],
    },
  };
}

function recordOf(csvRow: BafinCsvRow): BafinRecord {
  const row = typedRow(csvRow.fields);
  const { notification, derived } = notificationOf(row);
  return { sourceId: csvRow.rowId, lineNumber: csvRow.lineNumber, occurrence: csvRow.occurrence, row, derivedVolume: derived, notification };
}

/** One export → one record per row; a bad row is rejected under its own id and the others go on. */
export function parseBafinDocument(doc: RawDocument): ParseOutcome<BafinRecord> | Skipped {
  let csv;
  try {
    csv = splitBafinCsv(doc.body.toString('utf8'));
  } catch (error) {
    if (error instanceof BafinCsvError) throw new ParseError(doc.sourceId, error.message);
    throw error;
  }
  const records: BafinRecord[] = [];
  const rejects: ParseOutcome<BafinRecord>['rejects'] = [];
  for (const csvRow of csv.rows) {
    try {
      records.push(recordOf(csvRow));
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      rejects.push({ sourceId: csvRow.rowId, message: `line ${csvRow.lineNumber}: ${error.message}` });
    }
  }
  return { records, rejects };
}
