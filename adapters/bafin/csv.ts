import { createHash } from 'node:crypto';
import { foldText } from '../../src/model/slug.js';
import { BAFIN_CSV_COLUMNS } from './codes.js';

/** One data row of the export with its position in the file. */
export interface BafinCsvRow {
  /** 1-based line number in the file (the header is line 1). */
  lineNumber: number;
  fields: string[];
  /** The stable id of the row (see README): BaFin-ID, activation day, content hash, occurrence. */
  rowId: string;
  /** 1 for the first row with this exact content, 2 for an identical second one… */
  occurrence: number;
}

export interface BafinCsv {
  rows: BafinCsvRow[];
}

export class BafinCsvError extends Error {}

const EXPECTED_HEADER = BAFIN_CSV_COLUMNS.map((c) => foldText(c));

/**
 * The stable id of a row. The export has no row id, so the id is built from what the row says:
 * the issuer's BaFin-ID, the activation day, a hash of all 13 fields, and the row's rank among
 * identical rows of the same export (two equal trades on one day are two dealings).
 */
export function bafinRowId(fields: string[], occurrence: number): string {
  const bafinId = /^\d{4,10}$/.test(fields[1]?.trim() ?? '') ? fields[1]!.trim() : 'unknown';
  // The activation time is the 13th field; in a malformed row, the last field that looks like one.
  const activationField = [fields[12], ...fields.slice(13).reverse()].find((f) => /^\d{2}\.\d{2}\.\d{4}\s+\d/.test(f?.trim() ?? ''));
  const activation = /^(\d{2})\.(\d{2})\.(\d{4})/.exec(activationField?.trim() ?? '');
  const day = activation ? `${activation[3]}${activation[2]}${activation[1]}` : '00000000';
  const hash = createHash('sha256').update(fields.map((f) => f.trim()).join('\u241f')).digest('hex').slice(0, 12);
  return `${bafinId}-${day}-${hash}-${occurrence}`;
}

/**
 * Splits the DealingsInfo CSV export: UTF-8 with BOM, `;` separated, no quoting (a name may hold a
 * literal `"`), one row per line. A row with the wrong number of fields is still returned (with its
 * id) so the caller can reject it alone.
 */
export function splitBafinCsv(text: string): BafinCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(';').map((h) => foldText(h.trim()));
  const germanHeader = header.length === EXPECTED_HEADER.length && header.every((h, i) => h === EXPECTED_HEADER[i]);
  // The English locale (locale=en_GB) names the same 13 columns in the same order.
  const englishHeader = header.length === EXPECTED_HEADER.length && header[0] === 'issuer';
  if (!germanHeader && !englishHeader) {
    throw new BafinCsvError(`not a DealingsInfo export: expected the 13-column header "${BAFIN_CSV_COLUMNS.join(';')}"`);
  }
  const seen = new Map<string, number>();
  const rows: BafinCsvRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split(';');
    const key = fields.map((f) => f.trim()).join('\u241f');
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    rows.push({ lineNumber: i + 2, fields, rowId: bafinRowId(fields, occurrence), occurrence });
  });
  return { rows };
}
