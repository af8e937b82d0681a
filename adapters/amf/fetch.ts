import { DateTime } from 'luxon';
import type { DateRange, FetchContext, FetchPage, RawDocument, SourceCursor } from '../types.js';
import { BdifItemSchema, BdifListingSchema, isDdItem, makeBundle, pdfDocumentOf, type BdifItem } from './bdif.js';
import { BDIF_BUNDLE_MEDIA_TYPE, BDIF_RESULT_CAP, BDIF_TYPE_DD, PARIS_TIME_ZONE } from './codes.js';

export const BDIF_PAGE_SIZE = 100;

export interface AmfFetchOptions {
  now?: () => Date;
  pageSize?: number;
}

interface Window {
  /** First publication day, inclusive (Paris). */
  from: string;
  /** Day after the last publication day: BDIF's DateFin is exclusive. */
  toExclusive: string;
}

const addDays = (iso: string, days: number): string => DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).toISODate()!;
const daysBetween = (a: string, b: string): number =>
  Math.round(DateTime.fromISO(b, { zone: 'utc' }).diff(DateTime.fromISO(a, { zone: 'utc' }), 'days').days);

function parisDay(date: Date): string {
  return DateTime.fromJSDate(date).setZone(PARIS_TIME_ZONE).toISODate()!;
}

/** Publication day (Paris) of a listing item, from `datePublication`. */
function publishedDay(item: BdifItem): string | null {
  if (!item.datePublication) return null;
  const dt = DateTime.fromISO(item.datePublication.replace(/(\.\d{3})\d+/, '$1'), { setZone: true, zone: PARIS_TIME_ZONE });
  return dt.isValid ? dt.setZone(PARIS_TIME_ZONE).toISODate() : null;
}

export function bdifListingUrl(base: string, window: Window, offset: number, size: number): string {
  const params = new URLSearchParams({
    TypesInformation: BDIF_TYPE_DD,
    From: String(offset),
    Size: String(size),
    DateDebut: window.from,
    DateFin: window.toExclusive,
    Sort: '-datePublication',
    lang: 'fr',
  });
  return `${base}/back/api/v1/informations?${params.toString()}`;
}

export function bdifItemUrl(base: string, numero: string): string {
  return `${base}/back/api/v1/informations/${encodeURIComponent(numero)}?lang=fr`;
}

export function bdifDocumentUrl(base: string, path: string): string {
  return `${base}/back/api/v1/documents/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function jsonHeaders(base: string): Record<string, string> {
  return { Accept: 'application/json', Referer: `${base}/fr` };
}

/**
 * Pages through the DD listing of one publication window. Elasticsearch caps `total` (and offsets)
 * at 10,000, so a window that reaches the cap is split in two and each half listed on its own.
 */
async function* listWindow(window: Window, ctx: FetchContext, pageSize: number): AsyncGenerator<BdifItem[]> {
  const base = ctx.config.europe.amf.baseUrl;
  let offset = 0;
  let total = Infinity;
  while (offset < Math.min(total, BDIF_RESULT_CAP)) {
    const url = bdifListingUrl(base, window, offset, pageSize);
    const response = await ctx.http.get(url, { headers: jsonHeaders(base), signal: ctx.signal });
    const parsed = BdifListingSchema.safeParse(JSON.parse(response.text()));
    if (!parsed.success) throw new Error(`unexpected BDIF listing answer for ${url}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    total = parsed.data.total;
    const span = daysBetween(window.from, window.toExclusive);
    if (offset === 0 && total >= BDIF_RESULT_CAP && span > 1) {
      const middle = addDays(window.from, Math.floor(span / 2));
      ctx.log.info('BDIF window reaches the 10,000-result cap; splitting it', { from: window.from, to: window.toExclusive });
      yield* listWindow({ from: window.from, toExclusive: middle }, ctx, pageSize);
      yield* listWindow({ from: middle, toExclusive: window.toExclusive }, ctx, pageSize);
      return;
    }
    if (offset === 0 && total >= BDIF_RESULT_CAP) {
      ctx.log.warn('one BDIF publication day exceeds 10,000 DD items; items beyond the cap cannot be listed', { day: window.from });
    }
    if (parsed.data.result.length === 0) return;
    yield parsed.data.result;
    offset += parsed.data.result.length;
  }
}

/** Downloads the declaration PDF of a DD item and wraps it with its listing item. */
export async function bdifDocument(item: BdifItem, ctx: FetchContext): Promise<RawDocument | null> {
  const base = ctx.config.europe.amf.baseUrl;
  const pdf = pdfDocumentOf(item);
  if (!pdf?.path) {
    ctx.log.warn('BDIF DD item without an accessible PDF; skipped', { numero: item.numero });
    return null;
  }
  const url = bdifDocumentUrl(base, pdf.path);
  const response = await ctx.http.get(url, { headers: { Referer: `${base}/fr` }, signal: ctx.signal, acceptStatuses: [404, 410] });
  if (response.status !== 200) {
    ctx.log.warn('BDIF document not served; skipped', { numero: item.numero, status: response.status });
    return null;
  }
  return {
    sourceId: item.numero,
    url,
    retrievedAt: new Date().toISOString(),
    mediaType: BDIF_BUNDLE_MEDIA_TYPE,
    body: makeBundle(item, pdf, url, response.body),
  };
}

async function documentsOf(items: BdifItem[], seen: ReadonlySet<string>, ctx: FetchContext): Promise<RawDocument[]> {
  const docs: RawDocument[] = [];
  for (const item of items) {
    if (!isDdItem(item) || seen.has(item.numero)) continue;
    const doc = await bdifDocument(item, ctx);
    if (doc) docs.push(doc);
  }
  return docs;
}

/**
 * Live polling. The cursor keeps the last publication day seen and the numeros already fetched on
 * that day; each poll lists from that day to tomorrow, skips what it has, and only stores the new
 * cursor once the whole window is read (the listing comes newest first).
 */
export async function* pollAmf(cursor: SourceCursor | null, ctx: FetchContext, options: AmfFetchOptions = {}): AsyncIterable<FetchPage> {
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? BDIF_PAGE_SIZE;
  const today = parisDay(now());
  const since = typeof cursor?.since === 'string' ? cursor.since : addDays(today, -ctx.config.europe.amf.initialDays);
  const previouslySeen = new Set(Array.isArray(cursor?.seen) ? cursor.seen : []);
  let latest = since;
  const byDay = new Map<string, Set<string>>();
  for await (const items of listWindow({ from: since, toExclusive: addDays(today, 1) }, ctx, pageSize)) {
    for (const item of items) {
      const day = publishedDay(item);
      if (!day || !isDdItem(item)) continue;
      if (day > latest) latest = day;
      byDay.set(day, (byDay.get(day) ?? new Set()).add(item.numero));
    }
    const documents = await documentsOf(items, previouslySeen, ctx);
    if (documents.length > 0) yield { documents, cursor: null };
  }
  const seenOnLatest = new Set(byDay.get(latest) ?? []);
  if (latest === since) for (const numero of previouslySeen) seenOnLatest.add(numero);
  yield { documents: [], cursor: { since: latest, seen: [...seenOnLatest].sort() } };
}

/** Backfill of a publication-date range, month by month (each month stays far under the cap). */
export async function* backfillAmf(range: DateRange, ctx: FetchContext, options: AmfFetchOptions = {}): AsyncIterable<FetchPage> {
  const pageSize = options.pageSize ?? BDIF_PAGE_SIZE;
  let from = range.from;
  while (from <= range.to) {
    const monthEnd = DateTime.fromISO(from, { zone: 'utc' }).endOf('month').toISODate()!;
    const last = monthEnd < range.to ? monthEnd : range.to;
    for await (const items of listWindow({ from, toExclusive: addDays(last, 1) }, ctx, pageSize)) {
      const documents = await documentsOf(items, new Set(), ctx);
      if (documents.length > 0) yield { documents, cursor: null };
    }
    from = addDays(last, 1);
  }
}

/** One declaration by its numero: `/informations/{numero}` then its PDF. */
export async function fetchAmfDeclaration(numero: string, ctx: FetchContext): Promise<RawDocument | null> {
  const base = ctx.config.europe.amf.baseUrl;
  const response = await ctx.http.get(bdifItemUrl(base, numero), { headers: jsonHeaders(base), signal: ctx.signal, acceptStatuses: [404] });
  if (response.status === 404) return null;
  const item = BdifItemSchema.parse(JSON.parse(response.text()));
  if (!isDdItem(item)) return null;
  return bdifDocument(item, ctx);
}
