import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { YahooClient } from '../../prices/client.js';
import { refreshPrices, type PricesRefreshSummary } from '../../prices/refresh.js';

export const PRICES_USAGE = `Usage: sigma prices refresh [--symbols A,B] [--since YYYY-MM-DD]

Fetches Yahoo Finance daily bars, quotes and FX rates, then converts declaration amounts.
  --symbols A,B   only these Yahoo symbols (no symbol resolution, no benchmark indices)
  --since DATE    fetch bars and FX from DATE instead of from the last stored day`;

export interface PricesCommandDeps {
  db: Knex;
  config: Config;
  log: Logger;
  /** Where the summary goes (default: stdout). */
  out?: (line: string) => void;
  /** A client to use instead of the one built from config (tests). */
  client?: YahooClient;
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The human summary of a refresh, one fact per line. */
export function formatRefreshSummary(s: PricesRefreshSummary): string[] {
  const lines = [`prices refresh ${s.startedAt} → ${s.finishedAt}`];
  if (s.resolution) {
    lines.push(
      `  symbols resolved: ${s.resolution.resolved} found, ${s.resolution.notFound} not found, ${s.resolution.failed} failed (of ${s.resolution.attempted})`,
    );
  }
  lines.push(`  bars: ${s.bars.succeeded}/${s.bars.symbols} symbols, ${s.bars.rows} rows stored`);
  if (s.bars.restated.length) lines.push(`  restated after a dividend or split: ${s.bars.restated.join(', ')}`);
  if (s.bars.failed.length) lines.push(`  bars failed: ${s.bars.failed.join(', ')}`);
  lines.push(`  quotes: ${s.quotes.stored} snapshots for ${s.quotes.requested} symbols${s.quotes.answered || s.quotes.requested === 0 ? '' : ' (Yahoo did not answer)'}`);
  lines.push(`  fx: ${s.fx.succeeded}/${s.fx.pairs} euro pairs, ${s.fx.legRows} rates fetched, ${s.fx.derivedRows} derived`);
  if (s.fx.failed.length) lines.push(`  fx failed: ${s.fx.failed.join(', ')}`);
  lines.push(`  companies with new market cap: ${s.companiesUpdated}`);
  if (s.declarations) {
    lines.push(
      `  declarations: ${s.declarations.examined} examined, ${s.declarations.changed} converted amounts changed, ${s.declarations.withoutEur} without a EUR amount`,
    );
  }
  for (const error of s.errors) lines.push(`  error: ${error}`);
  return lines;
}

/**
 * `sigma prices refresh`. Exit codes: 0 done (individual Yahoo misses are listed, not fatal),
 * 1 a step failed or nothing at all could be fetched, 2 bad usage.
 */
export async function pricesCommand(argv: string[], deps: PricesCommandDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { symbols: { type: 'string' }, since: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${PRICES_USAGE}`);
    return 2;
  }
  const [sub, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    out(PRICES_USAGE);
    return 0;
  }
  if (sub !== 'refresh' || rest.length > 0) {
    out(`${sub === undefined ? 'missing subcommand' : `unknown subcommand "${[sub, ...rest].join(' ')}"`}\n\n${PRICES_USAGE}`);
    return 2;
  }
  const since = parsed.values.since;
  if (since !== undefined && !isIsoDate(since)) {
    out(`--since must be a YYYY-MM-DD date, got "${since}"`);
    return 2;
  }
  const symbols = parsed.values.symbols
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (symbols !== undefined && symbols.length === 0) {
    out('--symbols needs at least one symbol, e.g. --symbols AAPL,BMW.DE');
    return 2;
  }

  const summary = await refreshPrices(
    deps.db,
    { config: deps.config, log: deps.log, ...(deps.client ? { client: deps.client } : {}) },
    { ...(symbols ? { symbols } : {}), ...(since ? { since } : {}) },
  );
  for (const line of formatRefreshSummary(summary)) out(line);
  const fetchedNothing = summary.bars.succeeded === 0 && summary.quotes.stored === 0 && summary.fx.succeeded === 0;
  return summary.errors.length > 0 || fetchedNothing ? 1 : 0;
}
