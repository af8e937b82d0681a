import { XMLParser } from 'fast-xml-parser';
import { accessionFromName, SecFormatError } from './envelope.js';

/** One entry of the EDGAR "getcurrent" Atom feed (each filing appears once per filer role). */
export interface CurrentFeedEntry {
  accession: string;
  formType: string;
  /** The entry's <updated> (the acceptance time) as a UTC ISO timestamp. */
  updated: string;
  /** CIK of the filer this entry is listed under (issuer or reporting owner), from the link. */
  cik: string;
  title: string;
}

export const FEED_PAGE_SIZE = 100;

/** `/cgi-bin/browse-edgar?action=getcurrent…&output=atom` for one form type and page offset. */
export function currentFeedPath(formType: string, start: number): string {
  const query = new URLSearchParams({
    action: 'getcurrent',
    type: formType,
    company: '',
    dateb: '',
    owner: 'include',
    start: String(start),
    count: String(FEED_PAGE_SIZE),
    output: 'atom',
  });
  return `/cgi-bin/browse-edgar?${query.toString()}`;
}

const feedParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  isArray: (name) => name === 'entry' || name === 'link' || name === 'category',
});

interface AtomEntry {
  title?: string;
  updated?: string;
  id?: string;
  link?: Array<{ href?: string }>;
  category?: Array<{ term?: string }>;
}

/**
 * Reads the Atom feed. Entries without an accession, form type or readable time are dropped
 * (the feed is a pointer to filings, not data we keep), so a malformed entry never stops a poll.
 * A document that is not an Atom feed at all (an error page served with 200, a truncated body) is
 * a SecFormatError: read as "no new filings" it would hide an outage.
 */
export function parseCurrentFeed(xml: string): CurrentFeedEntry[] {
  let parsed: { feed?: { entry?: AtomEntry[] } | '' };
  try {
    parsed = feedParser.parse(xml) as typeof parsed;
  } catch (error) {
    throw new SecFormatError(`getcurrent response is not well-formed XML: ${(error as Error).message}`);
  }
  if (parsed.feed === undefined) {
    throw new SecFormatError(`getcurrent response has no Atom <feed> root (starts with ${JSON.stringify(xml.trimStart().slice(0, 40))})`);
  }
  const entries: CurrentFeedEntry[] = [];
  for (const entry of (parsed.feed === '' ? undefined : parsed.feed.entry) ?? []) {
    const href = entry.link?.[0]?.href ?? '';
    const accession = accessionFromName(String(entry.id ?? '')) ?? accessionFromName(href.slice(href.lastIndexOf('/') + 1));
    const formType = entry.category?.[0]?.term?.trim();
    const updatedMs = Date.parse(String(entry.updated ?? ''));
    const cik = /\/Archives\/edgar\/data\/(\d+)\//.exec(href)?.[1];
    if (!accession || !formType || Number.isNaN(updatedMs) || !cik) continue;
    entries.push({ accession, formType, updated: new Date(updatedMs).toISOString(), cik, title: String(entry.title ?? '') });
  }
  return entries;
}
