import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { limiterFor, type RateLimiter } from '../http/rate-limiter.js';
import type { Logger } from '../log.js';
import { parseChart, parseQuotes, parseSearch, type DailyBars, type QuoteSnapshot } from './parse.js';
import type { SearchListing } from './markets.js';
import { createYahooFetch } from './yahoo-fetch.js';

/**
 * Sigma's view of Yahoo Finance. Every method answers null when Yahoo could not be asked or
 * answered nonsense, after one warning line naming the call and the reason; it never throws.
 */
export interface YahooClient {
  /** Daily bars from `from` (inclusive) to `to` (inclusive; default: now). */
  dailyBars(symbol: string, from: string, to?: string): Promise<DailyBars | null>;
  /** Snapshots of the listed symbols; symbols Yahoo does not know are simply absent. */
  quotes(symbols: readonly string[]): Promise<QuoteSnapshot[] | null>;
  /** Listings matching an identifier, ticker or name. */
  search(query: string): Promise<SearchListing[] | null>;
}

export interface YahooClientOptions {
  /** Replaces the Yahoo hosts (tests, a caching proxy); unset = the real Yahoo Finance hosts. */
  baseUrl?: string | undefined;
  maxRequestsPerSecond: number;
  timeoutMs: number;
  retries: number;
  backoffBaseMs?: number;
  log: Logger;
  /** Clock used to date quotes that carry no trade time. */
  now?: () => Date;
  /** Defaults to the process-wide Yahoo limiter, shared by every client. */
  limiter?: RateLimiter;
  /** Aborts the client's requests, retries and back-off waits included (the job's stop signal). */
  signal?: AbortSignal;
}

/** Symbols per v7 quote request: Yahoo answers many at once, which keeps the request count down. */
export const QUOTE_BATCH_SIZE = 50;

/** Yahoo rate-limits per client address whichever host is asked, so one limiter covers them all. */
const YAHOO_LIMITER_KEY = 'finance.yahoo.com';

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 400);
}

function addDays(date: string, days: number): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

export function createYahooClient(options: YahooClientOptions): YahooClient {
  const log = options.log.child({ component: 'yahoo' });
  const now = options.now ?? (() => new Date());
  const limiter = options.limiter ?? limiterFor(YAHOO_LIMITER_KEY, options.maxRequestsPerSecond);
  // The library's own chatter (notices, runtime warnings, validation dumps) is debug detail: the
  // one line per failure that matters is logged below.
  const libraryLog = (...args: unknown[]) => log.debug(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const yahoo = new YahooFinance({
    fetch: createYahooFetch({
      baseUrl: options.baseUrl,
      limiter,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      ...(options.backoffBaseMs === undefined ? {} : { backoffBaseMs: options.backoffBaseMs }),
      onRetry: (info) => log.debug('yahoo request retried', info),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
    // One jar per client: the crumb dance starts clean and never leaks across configurations.
    cookieJar: new ExtendedCookieJar(),
    logger: { info: libraryLog, warn: libraryLog, error: libraryLog, debug: libraryLog, dir: libraryLog },
    suppressNotices: ['yahooSurvey'],
    versionCheck: false,
    validation: { logErrors: false, logOptionsErrors: false },
  });

  async function guarded<T>(call: string, subject: Record<string, unknown>, run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (error) {
      log.warn(`yahoo ${call} failed, continuing without it`, { ...subject, reason: describe(error) });
      return null;
    }
  }

  return {
    dailyBars: (symbol, from, to) =>
      guarded('chart', { symbol, from }, async () => {
        const raw: unknown = await yahoo.chart(
          symbol,
          {
            period1: addDays(from, 0),
            ...(to ? { period2: addDays(to, 1) } : {}),
            interval: '1d',
            events: 'div|split',
            includePrePost: false,
            return: 'array',
          },
          { validateResult: false },
        );
        return parseChart(raw, symbol);
      }),

    async quotes(symbols) {
      const unique = [...new Set(symbols)];
      const snapshots: QuoteSnapshot[] = [];
      let anyAnswered = unique.length === 0;
      for (let i = 0; i < unique.length; i += QUOTE_BATCH_SIZE) {
        const batch = unique.slice(i, i + QUOTE_BATCH_SIZE);
        const answer = await guarded('quote', { symbols: batch.join(',') }, async () => {
          const raw: unknown = await yahoo.quote(batch, { return: 'array' }, { validateResult: false });
          const { snapshots: parsed, rejected } = parseQuotes(raw, now().toISOString().slice(0, 10));
          for (const problem of rejected) log.warn('yahoo quote item unreadable, skipped', { problem });
          return parsed;
        });
        if (answer) {
          anyAnswered = true;
          snapshots.push(...answer);
        }
      }
      return anyAnswered ? snapshots : null;
    },

    search: (query) =>
      guarded('search', { query }, async () => {
        const raw: unknown = await yahoo.search(
          query,
          { quotesCount: 10, newsCount: 0, enableFuzzyQuery: false },
          { validateResult: false },
        );
        return parseSearch(raw, query);
      }),
  };
}
