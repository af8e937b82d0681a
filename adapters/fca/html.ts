import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { DateTime } from 'luxon';
import { findDates } from '../mar19/dates.js';
import { matchLabel } from '../mar19/labels.js';
import type { RowCell } from '../mar19/entries.js';
import { INVESTEGATE_ANNOUNCEMENT_PATH, UK_TIME_ZONE } from './codes.js';

type Api = cheerio.CheerioAPI;

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'tbody', 'thead', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'section', 'article', 'blockquote', 'pre', 'td', 'th', 'dd', 'dt', 'dl',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'head', 'title', 'meta', 'link', 'img']);

/** Text of an element with block elements on their own lines; nested tables left out when asked. */
export function blockText(root: AnyNode, options: { skipTables?: boolean } = {}): string {
  let out = '';
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      out += (node as unknown as { data: string }).data.replace(/[\r\n\t]+/g, ' ');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const el = node as Element;
    const tag = el.tagName?.toLowerCase();
    if (tag && SKIPPED_TAGS.has(tag)) return;
    if (tag === 'table' && options.skipTables && el !== root) return;
    const block = tag ? BLOCK_TAGS.has(tag) : false;
    if (block) out += '\n';
    for (const child of el.children ?? []) walk(child);
    if (block) out += '\n';
  };
  walk(root);
  return out
    .split('\n')
    .map((l) => l.replace(/[\u00a0\u202f ]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

function directRows($: Api, table: Element): Element[] {
  return $(table).children('tbody, thead, tfoot').children('tr').add($(table).children('tr')).toArray();
}

function nestedTableRows($: Api, cell: Element): string[][] | undefined {
  const nested = $(cell).find('table').first();
  if (nested.length === 0) return undefined;
  return directRows($, nested.get(0)!).map((tr) =>
    $(tr)
      .children('td, th')
      .toArray()
      .map((td) => blockText(td).replace(/\n/g, ' ')),
  );
}

function rowsOf($: Api, table: Element): RowCell[][] {
  return directRows($, table).map((tr) =>
    $(tr)
      .children('td, th')
      .toArray()
      .map((td) => {
        const table = nestedTableRows($, td);
        return { text: blockText(td), ...(table ? { table } : {}) };
      }),
  );
}

function labelCount(rows: RowCell[][]): number {
  let count = 0;
  for (const row of rows) {
    if (row.some((cell) => matchLabel(cell.text.replace(/\n/g, ' ')))) count++;
  }
  return count;
}

export type AnnouncementKind = 'investegate' | 'nsm' | 'rns';

/** What an RNS announcement page says about itself, and the template found in it. */
export interface AnnouncementPage {
  kind: AnnouncementKind;
  /** INV-<investegate id>, RNS-<RNS number>-<yyyymmdd>, or null when the page names neither. */
  announcementId: string | null;
  url: string | null;
  headline: string | null;
  ticker: string | null;
  rnsNumber: string | null;
  /** Release time (UTC, ms) when the page states one. */
  publishedAt: string | null;
  /** The announcement's own date line (YYYY-MM-DD) when no release time is given. */
  announcementDate: string | null;
  /** Issuer name from the announcement's header line. */
  issuerHeader: string | null;
  /** Rows of the MAR tables, in document order. */
  rows: RowCell[][];
  /** Body text, one block per line, for templates rendered as paragraphs. */
  lines: string[];
}

function investegateMeta($: Api, html: string): { url: string | null; createdAt: string | null } {
  let url: string | null = null;
  let createdAt: string | null = null;
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      const data = JSON.parse($(el).text()) as { url?: unknown; dateCreated?: unknown };
      if (typeof data.url === 'string') url ??= data.url;
      if (typeof data.dateCreated === 'string') createdAt ??= data.dateCreated;
    } catch {
      // A page without readable structured data still has its og:url below.
    }
  });
  url ??= $('meta[property="og:url"]').attr('content') ?? null;
  if (!url) url = /https?:\/\/www\.investegate\.co\.uk\/announcement\/[^"'\s<>]+/.exec(html)?.[0] ?? null;
  return { url: url?.replace(/^http:/, 'https:') ?? null, createdAt };
}

function londonToUtc(local: string): string | null {
  const dt = DateTime.fromFormat(local.trim(), 'yyyy-MM-dd HH:mm:ss', { zone: UK_TIME_ZONE });
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: false }) : null;
}

/** Parses an announcement page as Investegate serves it, as an NSM artefact, or as bare RNS HTML. */
export function readAnnouncement(html: string, fallbackUrl: string | null = null): AnnouncementPage {
  // htmlparser2 (cheerio's forgiving parser) reads these 60–80 KB pages about twice as fast as
  // parse5 and keeps the RNS body that Investegate nests inside its own page as it is.
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const isInvestegate = /investegate\.co\.uk/i.test($('meta[property="og:url"]').attr('content') ?? '') || $('.news-window').length > 0;
  const isNsm = /National\s+Storage\s+Mechanism/i.test($('title').text()) || $('contentset, inlinexml').length > 0;
  const kind: AnnouncementKind = isInvestegate ? 'investegate' : isNsm ? 'nsm' : 'rns';
  const root = isInvestegate && $('.news-window').length ? $('.news-window').get(0)! : ($('body').get(0) ?? $.root().get(0)!);

  const tables = $(root)
    .find('table')
    .toArray()
    .filter((t) => $(t).parents('table').length === 0);
  const rows: RowCell[][] = [];
  for (const table of tables) {
    const tableRows = rowsOf($, table);
    if (labelCount(tableRows) >= 2) rows.push(...tableRows);
  }
  const lines = blockText(root).split('\n');

  const meta = isInvestegate ? investegateMeta($, html) : { url: null, createdAt: null };
  const url = meta.url ?? fallbackUrl;
  const investegateId = url ? INVESTEGATE_ANNOUNCEMENT_PATH.exec(url) : null;
  const rnsNumber = /RNS\s+Number\s*:\s*([0-9]{4}[A-Z])\b/i.exec(lines.slice(0, 20).join('\n'))?.[1]?.toUpperCase() ?? null;
  const headerDates = findDates(lines.slice(0, 12).join('\n'));
  const announcementDate = headerDates[0]?.iso ?? null;
  const headline = isInvestegate ? $('#main-title').text().trim() || null : null;
  const ticker = investegateId?.[3] ? investegateId[3].toUpperCase() : null;

  let announcementId: string | null = null;
  if (investegateId) announcementId = `INV-${investegateId[5]}`;
  else if (rnsNumber && announcementDate) announcementId = `RNS-${rnsNumber}-${announcementDate.replace(/-/g, '')}`;

  const headerLines = lines.filter((l) => !/^RNS Number|^National Storage Mechanism/i.test(l)).slice(0, 3);
  const issuerHeader = headerLines.find((l) => !findDates(l).length && /[A-Za-z]/.test(l) && l.length < 120) ?? null;

  return {
    kind,
    announcementId,
    url,
    headline,
    ticker,
    rnsNumber,
    publishedAt: meta.createdAt ? londonToUtc(meta.createdAt) : null,
    announcementDate,
    issuerHeader,
    rows,
    lines,
  };
}
