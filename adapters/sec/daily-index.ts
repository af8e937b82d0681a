import { accessionFromName, SecFormatError } from './envelope.js';

/** One row of an EDGAR daily/quarterly index (`master.idx` or `form.idx`). */
export interface EdgarIndexEntry {
  cik: string;
  companyName: string;
  formType: string;
  /** YYYY-MM-DD */
  dateFiled: string;
  /** Path under /Archives/, e.g. `edgar/data/1000228/0001209191-18-064398.txt`. */
  fileName: string;
  accession: string | null;
}

function isoDate(value: string): string | null {
  if (/^\d{8}$/.test(value)) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return null;
}

/**
 * Index rows start after the dashed rule under the column header; everything above is preamble.
 * Without the rule the text is not an index (an error page served with 200, say): a SecFormatError
 * rather than an empty day, which would hide the outage.
 */
function bodyLines(text: string): { header: string; lines: string[] } {
  const lines = text.split(/\r?\n/);
  const rule = lines.findIndex((line) => /^-{20,}\s*$/.test(line));
  if (rule === -1) {
    throw new SecFormatError(`not an EDGAR index: no dashed rule under a column header (starts with ${JSON.stringify(text.trimStart().slice(0, 40))})`);
  }
  return { header: lines[rule - 1] ?? '', lines: lines.slice(rule + 1) };
}

/** `master.idx`: `CIK|Company Name|Form Type|Date Filed|File Name`, pipe-delimited. */
export function parseMasterIndex(text: string): EdgarIndexEntry[] {
  const entries: EdgarIndexEntry[] = [];
  for (const line of bodyLines(text).lines) {
    const parts = line.split('|');
    if (parts.length !== 5) continue;
    const [cik, companyName, formType, dateFiled, fileName] = parts.map((p) => p.trim()) as [string, string, string, string, string];
    const date = isoDate(dateFiled);
    if (!/^\d+$/.test(cik) || date === null || !fileName.startsWith('edgar/')) continue;
    entries.push({ cik, companyName, formType, dateFiled: date, fileName, accession: accessionFromName(fileName) });
  }
  return entries;
}

const FORM_INDEX_ROW = /^(.*\S)\s+(\d+)\s+(\d{8}|\d{4}-\d{2}-\d{2})\s+(edgar\/\S+)\s*$/;

/**
 * `form.idx`: fixed-width columns sorted by form type. The form type ends where the header's
 * "Company Name" column starts (form types such as `SC 13D` contain a space).
 */
export function parseFormIndex(text: string): EdgarIndexEntry[] {
  const { header, lines } = bodyLines(text);
  const companyColumn = header.indexOf('Company Name');
  const entries: EdgarIndexEntry[] = [];
  for (const line of lines) {
    const match = FORM_INDEX_ROW.exec(line);
    if (!match) continue;
    const [, left, cik, dateFiled, fileName] = match as unknown as [string, string, string, string, string];
    let formType: string;
    let companyName: string;
    if (companyColumn > 0 && left.length > companyColumn && left.charCodeAt(companyColumn - 1) === 32) {
      formType = left.slice(0, companyColumn).trim();
      companyName = left.slice(companyColumn).trim();
    } else {
      const split = /\s{2,}/.exec(left);
      if (!split) continue;
      formType = left.slice(0, split.index).trim();
      companyName = left.slice(split.index).trim();
    }
    entries.push({ cik, companyName, formType, dateFiled: isoDate(dateFiled)!, fileName, accession: accessionFromName(fileName) });
  }
  return entries;
}

/** `/Archives/edgar/daily-index/2025/QTR1/master.20250318.idx` for a YYYY-MM-DD date. */
export function dailyIndexPath(date: string, kind: 'master' | 'form' = 'master'): string {
  const year = date.slice(0, 4);
  const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return `/Archives/edgar/daily-index/${year}/QTR${quarter}/${kind}.${date.replace(/-/g, '')}.idx`;
}
