import { foldText } from '../../src/model/slug.js';

/** Month names and abbreviations (folded: lower case, no accents) in the template's languages. */
export const MONTHS: Readonly<Record<string, number>> = Object.freeze({
  // English
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
  // French
  janvier: 1, janv: 1, fevrier: 2, fevr: 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6,
  juillet: 7, juil: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
  // German
  januar: 1, janner: 1, februar: 2, marz: 3, maerz: 3, juni: 6, juli: 7, oktober: 10, dezember: 12, dez: 12, okt: 10,
  // Italian
  gennaio: 1, febbraio: 2, marzo: 3, aprile: 4, maggio: 5, giugno: 6, luglio: 7, agosto: 8, settembre: 9,
  ottobre: 10, dicembre: 12,
  // Spanish
  enero: 1, febrero: 2, abril: 4, mayo: 5, junio: 6, julio: 7, septiembre: 9, setiembre: 9, octubre: 10,
  noviembre: 11, diciembre: 12,
  // Dutch
  januari: 1, februari: 2, maart: 3, mei: 5, augustus: 8,
});

const MONTH_WORD = '([a-z]{3,10})\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th|er|e|\\.)?';

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface FoundDate {
  iso: string;
  index: number;
  length: number;
}

/** Folds each character on its own so indices can be mapped back to the original text. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const f of foldText(text[i]!)) {
      folded += f;
      map.push(i);
    }
  }
  map.push(text.length);
  return { folded, map };
}

/**
 * Every complete date in the text, in order: ISO, DD/MM/YYYY, DD.MM.YYYY, "22 juin 2026",
 * "May 11, 2026". `index` and `length` refer to the original text.
 */
export function findDates(text: string): FoundDate[] {
  const { folded, map } = foldWithMap(text);
  const found: FoundDate[] = [];
  const taken: Array<[number, number]> = [];
  const add = (foldedIndex: number, foldedLength: number, value: string | null) => {
    const index = map[foldedIndex] ?? 0;
    const length = (map[foldedIndex + foldedLength] ?? text.length) - index;
    if (!value || taken.some(([a, b]) => index < b && index + length > a)) return;
    taken.push([index, index + length]);
    found.push({ iso: value, index, length });
  };
  for (const m of folded.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) add(m.index, m[0].length, iso(+m[1]!, +m[2]!, +m[3]!));
  for (const m of folded.matchAll(/\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b/g)) add(m.index, m[0].length, iso(+m[3]!, +m[2]!, +m[1]!));
  for (const m of folded.matchAll(new RegExp(`\\b${DAY}\\s+${MONTH_WORD}\\s*,?\\s+(\\d{4})\\b`, 'g'))) {
    const month = MONTHS[m[2]!];
    if (month) add(m.index, m[0].length, iso(+m[3]!, month, +m[1]!));
  }
  for (const m of folded.matchAll(new RegExp(`\\b${MONTH_WORD}\\s+${DAY},?\\s+(\\d{4})\\b`, 'g'))) {
    const month = MONTHS[m[1]!];
    if (month) add(m.index, m[0].length, iso(+m[3]!, month, +m[2]!));
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The first complete date in the text as YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  return findDates(text)[0]?.iso ?? null;
}

export interface DateRange {
  from: string;
  to: string;
}

const RANGE_JOIN = '(?:-|–|—|to|until|and|au|a|jusqu\'?au|bis|und|et|al|y|tot|en)';

/**
 * A date or a span of dates: "13 - 20 May 2026", "du 13 au 20 mai 2026", "vom 13. bis 20. Mai 2026",
 * "13 May 2026 - 20 May 2026", "13/05/2026 to 20/05/2026". A single date gives from = to.
 */
export function parseDateRange(text: string): DateRange | null {
  const folded = foldText(text);
  const dayRange = new RegExp(`\\b${DAY}\\s*${RANGE_JOIN}\\s*${DAY}\\s+${MONTH_WORD}\\s*,?\\s+(\\d{4})\\b`).exec(folded);
  if (dayRange) {
    const month = MONTHS[dayRange[3]!];
    const year = +dayRange[4]!;
    const from = month ? iso(year, month, +dayRange[1]!) : null;
    const to = month ? iso(year, month, +dayRange[2]!) : null;
    if (from && to) return from <= to ? { from, to } : { from: to, to: from };
  }
  const monthRange = new RegExp(`\\b${DAY}\\s+${MONTH_WORD}\\s*${RANGE_JOIN}\\s*${DAY}\\s+${MONTH_WORD}\\s*,?\\s+(\\d{4})\\b`).exec(folded);
  if (monthRange) {
    const m1 = MONTHS[monthRange[2]!];
    const m2 = MONTHS[monthRange[4]!];
    const year = +monthRange[5]!;
    const from = m1 ? iso(m1 > (m2 ?? 12) ? year - 1 : year, m1, +monthRange[1]!) : null;
    const to = m2 ? iso(year, m2, +monthRange[3]!) : null;
    if (from && to) return { from, to };
  }
  const dates = findDates(text).map((d) => d.iso).sort();
  if (dates.length === 0) return null;
  return { from: dates[0]!, to: dates[dates.length - 1]! };
}
