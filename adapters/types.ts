import type { Config } from '../src/config.js';
import type { HttpClient } from '../src/http/client.js';
import type { Logger } from '../src/log.js';
import type { DeclarationDraft } from '../src/model/index.js';

/** One document exactly as a regulator published it. */
export interface RawDocument {
  /** The source's stable id for the document (SEC accession, AMF numero…). */
  sourceId: string;
  url: string | null;
  retrievedAt: string;
  mediaType: string;
  body: Buffer;
}

/** JSON-serializable position of a source's feed, stored per source in the database. */
export type SourceCursor = { [key: string]: string | number | boolean | null | string[] };

export interface FetchPage {
  documents: RawDocument[];
  /** Stored in the same transaction as this page's rows; null leaves the stored cursor as it is. */
  cursor: SourceCursor | null;
}

export interface FetchContext {
  http: HttpClient;
  signal: AbortSignal;
  config: Config;
  log: Logger;
}

export interface DateRange {
  from: string;
  to: string;
}

/** Reference facts about issuers a source publishes apart from its filings (SEC ticker files). */
export interface CompanyReference {
  match: { cik?: string; isin?: string; lei?: string };
  ticker: string | null;
  exchange: string | null;
}

/** Why a document is out of scope (not an error: a 13F in the SEC archive, a non-DD AMF item). */
export interface Skipped {
  skipped: string;
}

/** What `parse` found in one document: its records, plus any single record that could not be read. */
export interface ParseOutcome<P> {
  records: P[];
  /** Records that failed on their own, each quarantined under its own source id. */
  rejects: Array<{ sourceId: string; message: string }>;
}

export class ParseError extends Error {
  constructor(
    readonly sourceId: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/**
 * The contract every regulator adapter fulfils. Adding a regulator = one folder + one registry line.
 * fetch is I/O only; parse and normalize are pure functions of the document.
 */
export interface SourceAdapter<P = unknown> {
  source: string;
  market: string;
  regulator: string;
  country: string;
  currency: string;
  /** IANA zone of the regulator, for local publication dates and filing delays. */
  timeZone: string;
  /** Legal deadline in business days after the transaction (US 2, EU MAR 3). */
  filingDeadlineBusinessDays: number;
  pollIntervalSeconds(config: Config): number;
  /** Requests per second allowed per host this adapter talks to. */
  hostRateLimits(config: Config): Record<string, number>;
  /** The User-Agent this adapter must send; null refuses live fetching with the returned reason. */
  userAgent(config: Config): { userAgent: string } | { refused: string };
  /** Live polling from the stored cursor (null on first run). */
  poll(cursor: SourceCursor | null, ctx: FetchContext): AsyncIterable<FetchPage>;
  /** Backfill of a publication-date range, when the source supports it. */
  backfill?(range: DateRange, ctx: FetchContext): AsyncIterable<FetchPage>;
  /** Optional: refreshes tickers/exchanges of known issuers (run daily by the scheduler). */
  companyReference?(ctx: FetchContext): Promise<CompanyReference[]>;
  /**
   * Turns one file of an offline archive into a raw document, or says it is out of scope.
   * `relativePath` is the path inside the archive directory.
   */
  readArchiveFile(relativePath: string, body: Buffer, retrievedAt: string): RawDocument | Skipped;
  /** Pure. Throws ParseError when the whole document is unusable, or returns Skipped when out of scope. */
  parse(doc: RawDocument): ParseOutcome<P> | Skipped;
  /** Pure. One record → one declaration in the common model. */
  normalize(record: P, doc: RawDocument): DeclarationDraft;
}

export function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && 'skipped' in value;
}
