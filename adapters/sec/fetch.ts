import type { Config } from '../../src/config.js';
import type { CompanyReference, DateRange, FetchContext, FetchPage, RawDocument, SourceCursor } from '../types.js';
import { OWNERSHIP_FORM_TYPES } from './codes.js';
import { currentFeedPath, FEED_PAGE_SIZE, parseCurrentFeed, type CurrentFeedEntry } from './current-feed.js';
import { dailyIndexPath, parseMasterIndex } from './daily-index.js';
import {
  advancePollState,
  isUnseen,
  reachesKnownGround,
  readPollCursor,
  writePollCursor,
  type PollState,
} from './poll-cursor.js';
import { COMPANY_TICKERS_EXCHANGE_PATH, parseCompanyTickersExchange } from './tickers.js';

/**
 * One getcurrent feed per form: whether `type=4` also lists 4/A is not documented, so amendments
 * get their own feeds (a filing listed twice is fetched once).
 */
export const FEED_FORM_TYPES = ['4', '4/A', '3', '3/A', '5', '5/A'] as const;
/** How far back one poll pages through a feed before giving up (the feed covers recent days only). */
export const MAX_FEED_PAGES = 20;
/** Documents per yielded page, so the store commits (and the cursor advances) often. */
export const DOCUMENTS_PER_PAGE = 25;
/** Requests in flight at once; the shared per-host limiter still caps the rate. */
const FETCH_CONCURRENCY = 4;

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/;

/**
 * The SEC's fair-access policy requires automated clients to declare who they are with a contact
 * e-mail in the User-Agent; without one the SEC blocks the client, so we refuse to start instead.
 */
export function secUserAgent(config: Config): { userAgent: string } | { refused: string } {
  const userAgent = config.sec.userAgent?.trim();
  if (!userAgent) {
    return {
      refused:
        'SEC_USER_AGENT is not set. The SEC fair-access policy requires every automated request to declare who is ' +
        'asking, with a contact e-mail, e.g. SEC_USER_AGENT="Sigma/0.1 (ops@example.com)". Live SEC fetching is ' +
        'refused until it is set.',
    };
  }
  if (!EMAIL.test(userAgent)) {
    return {
      refused:
        `SEC_USER_AGENT "${userAgent}" has no contact e-mail address. The SEC fair-access policy asks for a name and ` +
        'an e-mail, e.g. "Sigma/0.1 (ops@example.com)". Live SEC fetching is refused until it has one.',
    };
  }
  return { userAgent };
}

export function secHostRateLimits(config: Config): Record<string, number> {
  return { [new URL(config.sec.baseUrl).host]: config.sec.maxRequestsPerSecond };
}

/** Throws with the refusal reason when live fetching is not allowed. */
function assertLiveFetchAllowed(config: Config): void {
  const decision = secUserAgent(config);
  if ('refused' in decision) throw new Error(decision.refused);
}

function folderOf(cik: string, accession: string): string {
  return `/Archives/edgar/data/${Number(cik)}/${accession.replace(/-/g, '')}`;
}

/** `/Archives/edgar/data/<cik>/<accession without dashes>/<accession>.txt`: the full submission. */
export function submissionPath(cik: string, accession: string): string {
  return `${folderOf(cik, accession)}/${accession}.txt`;
}

/** The filing folder's JSON listing, used to find the primary XML when the .txt is missing. */
export function filingIndexPath(cik: string, accession: string): string {
  return `${folderOf(cik, accession)}/index.json`;
}

/**
 * The ownership XML among a filing folder's files: the first `.xml` that is not a folder, an
 * XBRL rendering (`R1.xml`) or the filing summary.
 */
export function primaryXmlName(indexJson: string): string | null {
  let listing: unknown;
  try {
    listing = JSON.parse(indexJson);
  } catch {
    return null;
  }
  const items = (listing as { directory?: { item?: unknown } })?.directory?.item;
  if (!Array.isArray(items)) return null;
  for (const item of items) {
    const name = (item as { name?: unknown })?.name;
    const type = (item as { type?: unknown })?.type;
    if (typeof name !== 'string' || type === 'folder.gif') continue;
    if (/\.xml$/i.test(name) && !/^R\d+\.xml$/i.test(name) && name !== 'FilingSummary.xml') return name;
  }
  return null;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * One filing as a raw document: the full `.txt` submission (header with acceptance time + XML in
 * one request); if EDGAR has no `.txt`, the primary XML found through the filing index. Null (with
 * a warning) when the filing is not in the archive.
 */
export async function fetchFiling(ctx: FetchContext, cik: string, accession: string): Promise<RawDocument | null> {
  const base = ctx.config.sec.baseUrl;
  const txtUrl = `${base}${submissionPath(cik, accession)}`;
  const txt = await ctx.http.get(txtUrl, { signal: ctx.signal, acceptStatuses: [404] });
  if (txt.status !== 404) {
    return { sourceId: accession, url: txtUrl, retrievedAt: new Date().toISOString(), mediaType: 'text/plain', body: txt.body };
  }
  const indexUrl = `${base}${filingIndexPath(cik, accession)}`;
  const index = await ctx.http.get(indexUrl, { signal: ctx.signal, acceptStatuses: [404] });
  const xmlName = index.status === 404 ? null : primaryXmlName(index.text());
  if (xmlName === null) {
    ctx.log.warn('SEC filing not found in the archive', { accession, cik, tried: [txtUrl, indexUrl] });
    return null;
  }
  const xmlUrl = `${base}${folderOf(cik, accession)}/${xmlName}`;
  const xml = await ctx.http.get(xmlUrl, { signal: ctx.signal, acceptStatuses: [404] });
  if (xml.status === 404) {
    ctx.log.warn('SEC primary XML listed but missing', { accession, url: xmlUrl });
    return null;
  }
  return { sourceId: accession, url: xmlUrl, retrievedAt: new Date().toISOString(), mediaType: 'application/xml', body: xml.body };
}

/** Every unseen Form 3/4/5 of the getcurrent feeds, oldest first, one entry per accession. */
async function unseenFeedEntries(state: PollState, ctx: FetchContext): Promise<CurrentFeedEntry[]> {
  const fresh = new Map<string, CurrentFeedEntry>();
  for (const formType of FEED_FORM_TYPES) {
    for (let page = 0; page < MAX_FEED_PAGES; page++) {
      ctx.signal.throwIfAborted();
      const url = `${ctx.config.sec.baseUrl}${currentFeedPath(formType, page * FEED_PAGE_SIZE)}`;
      const response = await ctx.http.get(url, { signal: ctx.signal });
      const entries = parseCurrentFeed(response.body.toString('latin1'));
      let oldestMs = Infinity;
      for (const entry of entries) {
        const updatedMs = Date.parse(entry.updated);
        oldestMs = Math.min(oldestMs, updatedMs);
        if (!OWNERSHIP_FORM_TYPES.has(entry.formType) || fresh.has(entry.accession)) continue;
        if (isUnseen(state, entry.accession, updatedMs)) fresh.set(entry.accession, entry);
      }
      if (entries.length < FEED_PAGE_SIZE || reachesKnownGround(state, oldestMs)) break;
    }
  }
  return [...fresh.values()].sort((a, b) => a.updated.localeCompare(b.updated) || a.accession.localeCompare(b.accession));
}

/**
 * Live polling of the getcurrent Atom feeds. New filings are fetched oldest first and yielded in
 * pages whose cursor covers exactly what the page stored, so a crash mid-poll loses nothing and a
 * re-poll fetches nothing twice.
 */
export async function* pollSec(cursor: SourceCursor | null, ctx: FetchContext): AsyncIterable<FetchPage> {
  assertLiveFetchAllowed(ctx.config);
  let state = readPollCursor(cursor);
  const entries = await unseenFeedEntries(state, ctx);
  ctx.log.info('SEC getcurrent poll', { newFilings: entries.length });
  for (let i = 0; i < entries.length; i += DOCUMENTS_PER_PAGE) {
    const chunk = entries.slice(i, i + DOCUMENTS_PER_PAGE);
    const documents = await mapLimited(chunk, FETCH_CONCURRENCY, (entry) => fetchFiling(ctx, entry.cik, entry.accession));
    const stored = chunk
      .filter((_, index) => documents[index] !== null)
      .map((entry) => ({ accession: entry.accession, updatedMs: Date.parse(entry.updated) }));
    state = advancePollState(state, stored);
    yield { documents: documents.filter((d): d is RawDocument => d !== null), cursor: writePollCursor(state) };
  }
}

function* weekdays(range: DateRange): Generator<string> {
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let ms = Date.parse(`${range.from}T00:00:00Z`); ms <= end; ms += 86_400_000) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) yield new Date(ms).toISOString().slice(0, 10);
  }
}

/**
 * Backfill of a filing-date range from the daily `master.idx` files: every Form 3/4/5 of a day,
 * in pages of DOCUMENTS_PER_PAGE. A day without an index (holiday) is skipped. Pages carry no
 * cursor: a backfill must not move the live-poll position.
 */
export async function* backfillSec(range: DateRange, ctx: FetchContext): AsyncIterable<FetchPage> {
  assertLiveFetchAllowed(ctx.config);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(range.from) || !/^\d{4}-\d{2}-\d{2}$/.test(range.to) || range.from > range.to) {
    throw new Error(`invalid backfill range ${range.from}..${range.to} (YYYY-MM-DD, from ≤ to)`);
  }
  for (const day of weekdays(range)) {
    ctx.signal.throwIfAborted();
    const url = `${ctx.config.sec.baseUrl}${dailyIndexPath(day)}`;
    const response = await ctx.http.get(url, { signal: ctx.signal, acceptStatuses: [404] });
    if (response.status === 404) {
      ctx.log.info('SEC daily index absent (holiday?)', { day });
      continue;
    }
    const byAccession = new Map<string, { cik: string; accession: string }>();
    for (const entry of parseMasterIndex(response.text())) {
      if (entry.accession === null || !OWNERSHIP_FORM_TYPES.has(entry.formType) || byAccession.has(entry.accession)) continue;
      byAccession.set(entry.accession, { cik: entry.cik, accession: entry.accession });
    }
    const filings = [...byAccession.values()];
    ctx.log.info('SEC backfill day', { day, filings: filings.length });
    for (let i = 0; i < filings.length; i += DOCUMENTS_PER_PAGE) {
      const chunk = filings.slice(i, i + DOCUMENTS_PER_PAGE);
      const documents = await mapLimited(chunk, FETCH_CONCURRENCY, (f) => fetchFiling(ctx, f.cik, f.accession));
      yield { documents: documents.filter((d): d is RawDocument => d !== null), cursor: null };
    }
  }
}

/** Tickers and exchanges of every listed SEC registrant, from company_tickers_exchange.json. */
export async function secCompanyReference(ctx: FetchContext): Promise<CompanyReference[]> {
  assertLiveFetchAllowed(ctx.config);
  const response = await ctx.http.get(`${ctx.config.sec.baseUrl}${COMPANY_TICKERS_EXCHANGE_PATH}`, { signal: ctx.signal });
  return parseCompanyTickersExchange(response.text());
}
