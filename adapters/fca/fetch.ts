import * as cheerio from 'cheerio';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { DateRange, FetchContext, FetchPage, RawDocument, SourceCursor } from '../types.js';
import {
  INVESTEGATE_ANNOUNCEMENT_PATH,
  INVESTEGATE_CATEGORY_PATH,
  NOT_PDMR_HEADLINE,
  NSM_PDMR_TYPE,
  NSM_PDMR_TYPE_CODES,
  PDMR_HEADLINE,
} from './codes.js';
import { readAnnouncement } from './html.js';

export interface FcaFetchOptions {
  now?: () => Date;
  pageSize?: number;
  /** Investegate category pages read at most per poll. */
  maxInvestegatePages?: number;
}

const NsmHitSchema = z.object({
  _id: z.string(),
  _source: z
    .object({
      publication_date: z.string().nullable().optional(),
      type: z.string().nullable().optional(),
      type_code: z.string().nullable().optional(),
      headline: z.string().nullable().optional(),
      download_link: z.string().nullable().optional(),
      disclosure_id: z.string().nullable().optional(),
      company: z.string().nullable().optional(),
    })
    .passthrough(),
});
type NsmHit = z.infer<typeof NsmHitSchema>;

const NsmAnswerSchema = z.object({
  hits: z.object({
    total: z.union([z.number(), z.object({ value: z.number() }).passthrough()]),
    hits: z.array(NsmHitSchema),
  }),
});

/** Elasticsearch's offset ceiling, as on BDIF. */
const NSM_RESULT_CAP = 10_000;

export function nsmSearchUrl(apiBase: string, index: string): string {
  return `${apiBase}/search?index=${encodeURIComponent(index)}`;
}

/** The search body of the NSM web page, narrowed to PDMR notifications published in a window. */
export function nsmSearchBody(offset: number, size: number, window: { from: string; to: string }) {
  return {
    from: offset,
    size,
    keyword: '',
    sort: 'submitted_date',
    sortorder: 'desc',
    criteriaObj: {
      criteria: [{ name: 'type_code', value: [...NSM_PDMR_TYPE_CODES] }],
      dateCriteria: [{ name: 'publication_date', value: { from: window.from, to: window.to } }],
    },
  };
}

/** A hit is a PDMR notification when its type or headline says so (the filter is re-checked here). */
export function isPdmrHit(hit: NsmHit): boolean {
  const s = hit._source;
  if (NOT_PDMR_HEADLINE.test(s.headline ?? '')) return false;
  return (
    (s.type_code ? (NSM_PDMR_TYPE_CODES as readonly string[]).includes(s.type_code) : false) ||
    NSM_PDMR_TYPE.test(s.type ?? '') ||
    PDMR_HEADLINE.test(s.headline ?? '')
  );
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function* nsmHits(window: { from: string; to: string }, ctx: FetchContext, options: FcaFetchOptions): AsyncGenerator<NsmHit[]> {
  const fca = ctx.config.europe.fca;
  const url = nsmSearchUrl(fca.nsmApiUrl, fca.nsmIndex);
  const size = options.pageSize ?? 100;
  let offset = 0;
  let total = Infinity;
  while (offset < Math.min(total, NSM_RESULT_CAP)) {
    const response = await ctx.http.postJson(url, nsmSearchBody(offset, size, window), {
      signal: ctx.signal,
      headers: { Origin: 'https://data.fca.org.uk', Referer: 'https://data.fca.org.uk/' },
    });
    const answer: unknown = JSON.parse(response.text());
    const parsed = NsmAnswerSchema.safeParse(answer);
    if (!parsed.success) throw new Error(`unexpected NSM search answer: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const t = parsed.data.hits.total;
    total = typeof t === 'number' ? t : t.value;
    if (parsed.data.hits.hits.length === 0) return;
    yield parsed.data.hits.hits;
    offset += parsed.data.hits.hits.length;
  }
}

async function nsmDocument(hit: NsmHit, ctx: FetchContext): Promise<RawDocument | null> {
  const link = hit._source.download_link;
  if (!link) return null;
  const url = `${ctx.config.europe.fca.nsmArtefactUrl}/${link.replace(/^\/+/, '')}`;
  const response = await ctx.http.get(url, { signal: ctx.signal, acceptStatuses: [404, 410] });
  if (response.status !== 200) {
    ctx.log.warn('NSM artefact not served; skipped', { id: hit._id, status: response.status });
    return null;
  }
  const page = readAnnouncement(response.text(), url);
  return {
    sourceId: page.announcementId ?? `NSM-${hit._source.disclosure_id ?? hit._id}`,
    url,
    retrievedAt: new Date().toISOString(),
    mediaType: 'text/html',
    body: response.body,
  };
}

/** Links of PDMR announcements on an Investegate listing page, oldest (lowest id) first. */
export function investegateLinks(html: string, base: string): Array<{ id: number; url: string }> {
  const $ = cheerio.load(html);
  const found = new Map<number, string>();
  $('a[href]').each((_, a) => {
    const href = $(a).attr('href') ?? '';
    const m = INVESTEGATE_ANNOUNCEMENT_PATH.exec(href);
    if (!m) return;
    const headline = `${m[4]} ${$(a).text()}`.replace(/-/g, ' ');
    if (NOT_PDMR_HEADLINE.test(headline) || !PDMR_HEADLINE.test(headline)) return;
    // Absolute links name the public host; the configured base decides where requests go.
    const path = new URL(href, 'https://www.investegate.co.uk/').pathname;
    found.set(Number(m[5]), `${base}${path}`);
  });
  return [...found.entries()].map(([id, url]) => ({ id, url })).sort((a, b) => a.id - b.id);
}

interface FcaCursor {
  nsmSince: string | null;
  nsmSeen: string[];
  investegateLastId: number | null;
}

function readCursor(cursor: SourceCursor | null): FcaCursor {
  return {
    nsmSince: typeof cursor?.nsmSince === 'string' ? cursor.nsmSince : null,
    nsmSeen: Array.isArray(cursor?.nsmSeen) ? cursor.nsmSeen : [],
    investegateLastId: typeof cursor?.investegateLastId === 'number' ? cursor.investegateLastId : null,
  };
}

const asStored = (c: FcaCursor): SourceCursor => ({ nsmSince: c.nsmSince, nsmSeen: c.nsmSeen, investegateLastId: c.investegateLastId });

async function* pollNsm(state: FcaCursor, ctx: FetchContext, options: FcaFetchOptions, now: Date): AsyncGenerator<FetchPage> {
  const from = state.nsmSince ?? iso(DateTime.fromJSDate(now).minus({ days: ctx.config.europe.fca.initialDays }).toJSDate());
  const seen = new Set(state.nsmSeen);
  let latest = state.nsmSince;
  const idsAt = new Map<string, Set<string>>();
  for await (const hits of nsmHits({ from, to: iso(now) }, ctx, options)) {
    const documents: RawDocument[] = [];
    for (const hit of hits) {
      const published = hit._source.publication_date ?? null;
      const id = hit._source.disclosure_id ?? hit._id;
      if (published) {
        if (!latest || published > latest) latest = published;
        idsAt.set(published, (idsAt.get(published) ?? new Set()).add(id));
      }
      if (seen.has(id) || !isPdmrHit(hit)) continue;
      const doc = await nsmDocument(hit, ctx);
      if (doc) documents.push(doc);
    }
    if (documents.length > 0) yield { documents, cursor: null };
  }
  const atLatest = new Set(latest ? (idsAt.get(latest) ?? []) : []);
  if (latest === state.nsmSince) for (const id of state.nsmSeen) atLatest.add(id);
  state.nsmSince = latest;
  state.nsmSeen = [...atLatest].sort();
}

async function* pollInvestegate(state: FcaCursor, ctx: FetchContext, options: FcaFetchOptions): AsyncGenerator<FetchPage> {
  const base = ctx.config.europe.fca.investegateUrl;
  const maxPages = options.maxInvestegatePages ?? 5;
  const wanted = new Map<number, string>();
  for (let page = 1; page <= maxPages; page++) {
    const url = `${base}${INVESTEGATE_CATEGORY_PATH}${page > 1 ? `?page=${page}` : ''}`;
    const response = await ctx.http.get(url, { signal: ctx.signal, acceptStatuses: [404] });
    if (response.status === 404) break;
    const links = investegateLinks(response.text(), base);
    for (const link of links) if (state.investegateLastId === null || link.id > state.investegateLastId) wanted.set(link.id, link.url);
    // The first run takes one page; later runs go back until they reach what they already have.
    const reachedKnown = state.investegateLastId === null || links.length === 0 || links[0]!.id <= state.investegateLastId;
    if (reachedKnown) break;
  }
  for (const [id, url] of [...wanted.entries()].sort((a, b) => a[0] - b[0])) {
    const response = await ctx.http.get(url, { signal: ctx.signal, acceptStatuses: [404, 410] });
    state.investegateLastId = Math.max(state.investegateLastId ?? 0, id);
    if (response.status !== 200) {
      ctx.log.warn('Investegate announcement not served; skipped', { id, status: response.status });
      yield { documents: [], cursor: asStored(state) };
      continue;
    }
    yield {
      documents: [{ sourceId: `INV-${id}`, url, retrievedAt: new Date().toISOString(), mediaType: 'text/html', body: response.body }],
      cursor: asStored(state),
    };
  }
}

/**
 * Live polling through the configured discovery paths (FCA_DISCOVERY): the NSM search API, the
 * Investegate directors' dealings index, or both. The stored cursor holds both positions.
 */
export async function* pollFca(cursor: SourceCursor | null, ctx: FetchContext, options: FcaFetchOptions = {}): AsyncIterable<FetchPage> {
  const state = readCursor(cursor);
  const discovery = ctx.config.europe.fca.discovery;
  const now = (options.now ?? (() => new Date()))();
  if (discovery === 'nsm' || discovery === 'both') {
    yield* pollNsm(state, ctx, options, now);
    yield { documents: [], cursor: asStored(state) };
  }
  if (discovery === 'investegate' || discovery === 'both') {
    yield* pollInvestegate(state, ctx, options);
  }
}

/** Backfill through the NSM search API, one calendar month per search window. */
export async function* backfillFca(range: DateRange, ctx: FetchContext, options: FcaFetchOptions = {}): AsyncIterable<FetchPage> {
  let from = DateTime.fromISO(range.from, { zone: 'utc' });
  const end = DateTime.fromISO(range.to, { zone: 'utc' }).endOf('day');
  while (from <= end) {
    const monthEnd = from.endOf('month') < end ? from.endOf('month') : end;
    const window = { from: iso(from.toJSDate()), to: iso(monthEnd.toJSDate()) };
    for await (const hits of nsmHits(window, ctx, options)) {
      const documents: RawDocument[] = [];
      for (const hit of hits.filter(isPdmrHit)) {
        const doc = await nsmDocument(hit, ctx);
        if (doc) documents.push(doc);
      }
      if (documents.length > 0) yield { documents, cursor: null };
    }
    from = monthEnd.plus({ days: 1 }).startOf('day');
  }
}
