import { DateTime } from 'luxon';
import type { DateRange, FetchContext, FetchPage, RawDocument, SourceCursor } from '../types.js';
import { germanDateTime } from '../mar19/time.js';
import { BAFIN_EXPORT_FLAG, BAFIN_EXPORT_TABLE, BAFIN_SEARCH_PATH, BAFIN_WINDOW_DAYS, BERLIN_TIME_ZONE } from './codes.js';
import { splitBafinCsv } from './csv.js';

export interface BafinFetchOptions {
  now?: () => Date;
  /** Length of one export slice in days (the first poll backfills the 12-month window in slices). */
  sliceDays?: number;
  /** Days re-read before the last activation day seen, for late rows. */
  overlapDays?: number;
}

const toGerman = (iso: string) => DateTime.fromISO(iso).toFormat('dd.MM.yyyy');
const addDays = (iso: string, days: number) => DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).toISODate()!;

/** The CSV export URL of one window of notifications (`zeitraum=2` = custom window, DD.MM.YYYY). */
export function bafinExportUrl(base: string, from: string, to: string): string {
  const params = new URLSearchParams({
    zeitraum: '2',
    zeitraumVon: toGerman(from),
    zeitraumBis: toGerman(to),
    emittentName: '',
    emittentIsin: '',
    meldepflichtigerName: '',
    emittentButton: 'Suche Emittent',
    [BAFIN_EXPORT_TABLE]: '1',
    [BAFIN_EXPORT_FLAG]: '1',
    locale: 'de_DE',
  });
  return `${base}${BAFIN_SEARCH_PATH}?${params.toString()}`;
}

function berlinDay(date: Date): string {
  return DateTime.fromJSDate(date).setZone(BERLIN_TIME_ZONE).toISODate()!;
}

/** The latest `Datum der Aktivierung` day of an export, or null for a header-only export. */
export function latestActivationDay(csv: Buffer): string | null {
  let latest: string | null = null;
  for (const row of splitBafinCsv(csv.toString('utf8')).rows) {
    const day = germanDateTime(row.fields[12]?.trim() ?? '')?.date;
    if (day && (!latest || day > latest)) latest = day;
  }
  return latest;
}

async function exportSlice(from: string, to: string, ctx: FetchContext): Promise<RawDocument> {
  const url = bafinExportUrl(ctx.config.europe.bafin.baseUrl, from, to);
  // BaFin's portal sends header bytes fetch()'s strict parser refuses: read it leniently.
  const response = await ctx.http.get(url, { signal: ctx.signal, lenient: true, headers: { Accept: 'text/csv, text/plain, */*' } });
  return { sourceId: `export-${from}_${to}`, url, retrievedAt: new Date().toISOString(), mediaType: 'text/csv', body: response.body };
}

/** Slices of [from, to] of at most `days` days, oldest first. */
export function slicesOf(from: string, to: string, days: number): Array<{ from: string; to: string }> {
  const slices: Array<{ from: string; to: string }> = [];
  for (let start = from; start <= to; start = addDays(start, days)) {
    const end = addDays(start, days - 1);
    slices.push({ from: start, to: end < to ? end : to });
  }
  return slices;
}

/** The earliest day the register still serves (about twelve months back). */
function windowStart(today: string): string {
  return addDays(today, -(BAFIN_WINDOW_DAYS - 1));
}

/**
 * Live polling. The first run reads the whole 12-month window in slices, oldest first; later runs
 * re-read from a few days before the last activation day seen. Row ids are stable, so overlap is
 * harmless.
 */
export async function* pollBafin(cursor: SourceCursor | null, ctx: FetchContext, options: BafinFetchOptions = {}): AsyncIterable<FetchPage> {
  const today = berlinDay((options.now ?? (() => new Date()))());
  const earliest = windowStart(today);
  const last = typeof cursor?.lastActivation === 'string' ? cursor.lastActivation : null;
  const from = last ? addDays(last, -(options.overlapDays ?? 3)) : earliest;
  let lastActivation = last;
  const slices = slicesOf(from < earliest ? earliest : from, today, options.sliceDays ?? 31);
  for (const slice of slices) {
    const doc = await exportSlice(slice.from, slice.to, ctx);
    const latest = latestActivationDay(doc.body);
    if (latest && (!lastActivation || latest > lastActivation)) lastActivation = latest;
    yield { documents: [doc], cursor: lastActivation ? { lastActivation } : null };
  }
}

/** Backfill of a publication range, clamped to the register's 12-month window, in slices. */
export async function* backfillBafin(range: DateRange, ctx: FetchContext, options: BafinFetchOptions = {}): AsyncIterable<FetchPage> {
  const today = berlinDay((options.now ?? (() => new Date()))());
  const earliest = windowStart(today);
  if (range.from < earliest) {
    ctx.log.warn('BaFin DealingsInfo only serves about twelve months; the backfill starts later than asked', { asked: range.from, from: earliest });
  }
  const from = range.from < earliest ? earliest : range.from;
  const to = range.to > today ? today : range.to;
  if (from > to) return;
  for (const slice of slicesOf(from, to, options.sliceDays ?? 31)) {
    yield { documents: [await exportSlice(slice.from, slice.to, ctx)], cursor: null };
  }
}
