import { detectCurrency } from './currency.js';
import { findDates } from './dates.js';
import { isNotApplicable, parseDecimal, parseMoney, type DecimalMark, type ReportedAmount } from './numbers.js';

/** One price/volume pair of section 4(c), with the date when the table gives one per row. */
export interface Mar19Tranche {
  /** The item number when the cell enumerates ("1. £5.79 50" in a bundled announcement). */
  index: number | null;
  /** Words of the row that are neither amount nor date ("Sale", "Purchase"). */
  label: string | null;
  price: ReportedAmount | null;
  volume: number | null;
  volumeRaw: string | null;
  date: string | null;
  /** The total the source states for this row when it gives one instead of a count (BaFin). */
  amount?: ReportedAmount | null;
  /** How a value of this row was obtained when not read as printed (e.g. a derived volume). */
  note?: string | null;
}

export interface AmountOptions {
  decimalMark: DecimalMark;
  defaultCurrency: string | null;
}

export interface EnumeratedItem {
  index: number;
  text: string;
}

/**
 * Splits "1. Richard Oldfield 2. Meagen Burnett" (or one item per line) into its numbered items.
 * Only a run that starts at 1 and counts up is an enumeration; otherwise null.
 */
export function splitEnumerated(text: string): EnumeratedItem[] | null {
  const trimmed = text.trim();
  const markers = [...trimmed.matchAll(/(?:^|\s)\(?(\d{1,2})[.)](?=\s)/g)].map((m) => ({
    number: Number(m[1]),
    start: m.index + (m[0].length - m[0].trimStart().length),
    end: m.index + m[0].length,
  }));
  if (markers[0]?.number !== 1 || markers[0].start !== 0) return null;
  const chosen = [markers[0]];
  for (const marker of markers.slice(1)) {
    if (marker.number === chosen[chosen.length - 1]!.number + 1) chosen.push(marker);
  }
  if (chosen.length < 2) return null;
  return chosen.map((marker, i) => ({
    index: marker.number,
    text: trimmed.slice(marker.end, chosen[i + 1]?.start ?? trimmed.length).trim(),
  }));
}

const SYMBOL = /^(£|€|\$|US\$|C\$|A\$|HK\$|¥)$/;
const POST_WORD = /^(p|pence|penny|gbp|gbx|euros?|dollars?|cents?|francs?|kr|sek|nok|dkk)$/i;
const ISO_CODE = /^[A-Z]{3}$/;
const QUANTITY_WORD = /^(shares?|actions?|aktien|st(u|ü)ck|stk\.?|units?|titres?|securities|ordinary|ads|adrs?|options?|rights?|bonds?|notes?)$/i;
const NUMBER_WORD = /^[-−]?\d[\d,.'’]*$/;
const ATTACHED_UNIT = /^\d[\d,.'’]*(p|pence|GBp|GBX|GBP|EUR|USD|CHF)$/;

type TokenKind = 'price' | 'volume' | 'bare';
interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

/** Words of a price/volume text classified into priced amounts, quantities and bare numbers. */
function tokenize(text: string): { tokens: Token[]; leftovers: string[] } {
  const spaced = text.replace(/(£|€|US\$|C\$|A\$|HK\$|\$|¥)(?=\d)/g, '$1 ');
  const words = spaced.split(/\s+/).filter((w) => w.length > 0);
  const tokens: Token[] = [];
  const leftovers: string[] = [];
  let pendingPre = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.replace(/[;:]$/, '');
    const prev = words[i - 1];
    const next = words[i + 1];
    if (SYMBOL.test(word)) {
      pendingPre = word;
      continue;
    }
    if (ATTACHED_UNIT.test(word)) {
      // "331.21p", "12.50EUR": the printed form is the raw text of the price.
      tokens.push({ kind: 'price', text: word, position: i });
      continue;
    }
    if (NUMBER_WORD.test(word.replace(/,$/, ''))) {
      const num = word.replace(/,$/, '');
      const nextWord = next?.replace(/[;:,.]$/, '') ?? '';
      if (pendingPre) {
        tokens.push({ kind: 'price', text: `${pendingPre}${num}`, position: i });
        pendingPre = '';
      } else if (POST_WORD.test(nextWord) || (ISO_CODE.test(nextWord) && detectCurrency(nextWord))) {
        tokens.push({ kind: 'price', text: `${num} ${nextWord}`, position: i });
        i++;
      } else if (QUANTITY_WORD.test(nextWord)) {
        tokens.push({ kind: 'volume', text: num, position: i });
        i++;
      } else {
        tokens.push({ kind: 'bare', text: num, position: i });
      }
      continue;
    }
    if (ISO_CODE.test(word) && detectCurrency(word) && !(prev && NUMBER_WORD.test(prev))) {
      pendingPre = word + ' ';
      continue;
    }
    if (/^per$/i.test(word) || /^(share|action|aktie)s?$/i.test(word)) continue;
    leftovers.push(word);
  }
  return { tokens, leftovers };
}

function toTranche(
  price: Token | null,
  volume: Token | null,
  date: string | null,
  index: number | null,
  label: string | null,
  options: AmountOptions,
): Mar19Tranche {
  return {
    index,
    label,
    price: price ? parseMoney(price.text, options) : null,
    volume: volume ? parseDecimal(volume.text, options.decimalMark) : null,
    volumeRaw: volume?.text ?? null,
    date,
  };
}

/** Pairs priced amounts with quantities in reading order, dating each pair by the last date before it. */
function pairTokens(
  tokens: Token[],
  dateAt: (position: number) => string | null,
  index: number | null,
  label: string | null,
  options: AmountOptions,
): Mar19Tranche[] {
  const hasPrice = tokens.some((t) => t.kind === 'price');
  let bareTurn: TokenKind = 'price';
  const typed = tokens.map((t) => {
    if (t.kind !== 'bare') return t;
    if (hasPrice) return { ...t, kind: 'volume' as const };
    const kind = bareTurn;
    bareTurn = bareTurn === 'price' ? 'volume' : 'price';
    return { ...t, kind };
  });
  const out: Mar19Tranche[] = [];
  let price: Token | null = null;
  let volume: Token | null = null;
  const flush = () => {
    if (price || volume) out.push(toTranche(price, volume, dateAt((price ?? volume)!.position), index, label, options));
    price = null;
    volume = null;
  };
  for (const token of typed) {
    if (token.kind === 'price') {
      if (price) flush();
      price = token;
    } else {
      if (volume) flush();
      volume = token;
    }
    if (price && volume) flush();
  }
  flush();
  return out;
}

const HEADER_WORDS =
  /\b(prices?|volumes?|prix|preise?|volumen|prezz[oi]|volumi|precios?|prijs|prijzen|dates?|datum|data|fecha|quantity|number of shares|nombre de titres|anzahl)\b(\s*\((s|e|i|es|prijzen)\))?\s*:?/gi;

/** Price(s) and volume(s) written as running text (a cell without a nested table, or a PDF line). */
export function tranchesFromText(text: string, options: AmountOptions): Mar19Tranche[] {
  if (isNotApplicable(text)) return [];
  const headerCurrency = /\b(?:in|en)\s+([A-Z]{3})\b/.exec(text)?.[1];
  const opts: AmountOptions = {
    ...options,
    defaultCurrency: headerCurrency && detectCurrency(headerCurrency) ? headerCurrency : options.defaultCurrency,
  };
  const cleaned = text
    .replace(/\b(?:in|en)\s+[A-Z]{3}\b/g, ' ')
    .replace(HEADER_WORDS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const items = splitEnumerated(cleaned) ?? [{ index: null, text: cleaned }];
  return items.flatMap((item) => tranchesFromItem(item.text, item.index, opts));
}

function tranchesFromItem(text: string, index: number | null, options: AmountOptions): Mar19Tranche[] {
  const dates = findDates(text);
  // Dates are cut out before tokenizing so "13 May 2026" is not read as a volume of 13.
  let withoutDates = '';
  let cursor = 0;
  const dateMarks: Array<{ word: number; iso: string }> = [];
  for (const date of dates) {
    withoutDates += text.slice(cursor, date.index) + ' \u0000 ';
    cursor = date.index + date.length;
  }
  withoutDates += text.slice(cursor);
  const words = withoutDates.split(/\s+/).filter((w) => w.length > 0);
  let dateIndex = 0;
  const kept: string[] = [];
  for (const word of words) {
    if (word === '\u0000') {
      dateMarks.push({ word: kept.length, iso: dates[dateIndex++]!.iso });
      continue;
    }
    kept.push(word);
  }
  const { tokens, leftovers } = tokenize(kept.join(' '));
  const label = leftovers.join(' ').replace(/^[-–:,.\s]+|[-–:,.\s]+$/g, '') || null;
  const dateAt = (position: number) => {
    let found: string | null = null;
    for (const mark of dateMarks) if (mark.word <= position) found = mark.iso;
    return found ?? dates[0]?.iso ?? null;
  };
  return pairTokens(tokens, dateAt, index, label, options);
}

const PRICE_HEADER = /\b(prices?|prix|preise?|prezz[oi]|precios?|prijs|prijzen|cours)\b/i;
const VOLUME_HEADER = /\b(volumes?|volumen|quantit(y|e|é|a|à)|number|nombre|anzahl|shares|aantal|cantidad)\b/i;
const DATE_HEADER = /\b(dates?|datum|data|fecha)\b/i;

/** Strips a leading item number ("1.  £ 5.79") and returns it. */
function leadingIndex(cell: string): { index: number | null; text: string } {
  const m = /^\s*\(?(\d{1,2})[.)]\s+(?=\S)/.exec(cell);
  return m ? { index: Number(m[1]), text: cell.slice(m[0].length) } : { index: null, text: cell };
}

/** Price(s) and volume(s) given as a nested table (header row "Price(s) | Volume(s)", optional Date column). */
export function tranchesFromTable(rows: string[][], options: AmountOptions): Mar19Tranche[] {
  const headerAt = rows.findIndex((cells) => cells.some((c) => PRICE_HEADER.test(c)) && cells.some((c) => VOLUME_HEADER.test(c) || DATE_HEADER.test(c)));
  let priceCol: number;
  let volumeCol: number;
  let dateCol = -1;
  let currency = options.defaultCurrency;
  let body: string[][];
  if (headerAt >= 0) {
    const header = rows[headerAt]!;
    priceCol = header.findIndex((c) => PRICE_HEADER.test(c));
    volumeCol = header.findIndex((c, i) => i !== priceCol && VOLUME_HEADER.test(c));
    dateCol = header.findIndex((c, i) => i !== priceCol && i !== volumeCol && DATE_HEADER.test(c));
    const headerCurrency = detectCurrency(header[priceCol] ?? '');
    if (headerCurrency) currency = headerCurrency.currency;
    body = rows.slice(headerAt + 1);
  } else {
    const width = Math.max(...rows.map((r) => r.length));
    dateCol = width >= 3 ? 0 : -1;
    priceCol = width >= 3 ? 1 : 0;
    volumeCol = width >= 3 ? 2 : 1;
    body = rows;
  }
  const out: Mar19Tranche[] = [];
  for (const cells of body) {
    const nonEmpty = cells.filter((c) => c.trim().length > 0);
    if (nonEmpty.length === 0) continue;
    const first = leadingIndex(cells[0] ?? '');
    const cell = (col: number) => (col < 0 ? '' : col === 0 ? first.text : (cells[col] ?? ''));
    const priceText = cell(priceCol).trim();
    const volumeText = cell(volumeCol).trim();
    if (isNotApplicable(priceText) && isNotApplicable(volumeText)) continue;
    const dateText = cell(dateCol);
    out.push({
      index: first.index,
      label: null,
      price: isNotApplicable(priceText) ? null : parseMoney(priceText, { ...options, defaultCurrency: currency }),
      volume: isNotApplicable(volumeText) ? null : parseDecimal(volumeText, options.decimalMark),
      volumeRaw: volumeText || null,
      date: dateText ? (findDates(dateText)[0]?.iso ?? null) : null,
    });
  }
  return out;
}

export interface AggregatedInformation {
  volume: number | null;
  price: ReportedAmount | null;
  raw: string | null;
}

/**
 * Section 4(d) written in one cell: "N/A", "127,083", "115,000 shares", "- 306 - £1,175.04",
 * "Aggregated volume 4,048 shares Aggregated price NOK 301,171.2". The template orders it volume
 * then price.
 */
export function parseAggregated(text: string, options: AmountOptions): AggregatedInformation {
  const raw = text.replace(/\s+/g, ' ').trim() || null;
  if (!raw || isNotApplicable(raw)) return { volume: null, price: null, raw };
  const cleaned = raw
    .replace(/\b(aggregated|aggregate|agr[eé]g[eé]e?s?|aggregiertes?|aggregato|agregado|geaggregeerd)\b/gi, ' ')
    .replace(HEADER_WORDS, ' ')
    .replace(/(^|\s)[-–•](?=\s|\d|£|€|\$)/g, ' ');
  const { tokens } = tokenize(cleaned);
  const priceToken = tokens.find((t) => t.kind === 'price');
  const volumeToken = tokens.find((t) => t.kind === 'volume') ?? tokens.find((t) => t.kind === 'bare');
  const secondBare = !priceToken ? tokens.filter((t) => t.kind === 'bare')[1] : undefined;
  const priceText = priceToken?.text ?? secondBare?.text;
  return {
    volume: volumeToken ? parseDecimal(volumeToken.text, options.decimalMark) : null,
    price: priceText ? parseMoney(priceText, options) : null,
    raw,
  };
}
