import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { DIRECTIONS, type Direction } from '../../model/index.js';
import { getScoreAudit } from '../../signals/audit.js';
import { aggregateBacktest, computeBacktests } from '../../signals/backtest.js';
import { scoreDeclarations } from '../../signals/score.js';

export const SCORE_USAGE = `Usage: sigma score [options]

Scores declarations point-in-time (score v3) and stores the audit. Without options, only stale
declarations are scored: never scored, scored by an older version, changed since, or scored
while market data was missing and prices have arrived since.

Options:
  --rescore-all          rescore every declaration (writes only what changed)
  --ids ID[,ID...]       rescore these declarations and the later ones whose context they join
  --backtest             then compute backtests (stale ones; every scored one with --rescore-all)
  --audit ID             print one declaration's score audit (factors and inputs) as JSON
  --report               print the backtest report card as JSON; filters:
      --direction BUY|SELL  --market us,fr  --from YYYY-MM-DD  --to YYYY-MM-DD  --min-score N
  --help                 show this help
`;

export interface ScoreCommandDeps {
  db: Knex;
  config: Config;
  log: Logger;
  /** Where JSON results go; standard output by default. */
  out?: (text: string) => void;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'rescore-all': { type: 'boolean' },
      ids: { type: 'string' },
      backtest: { type: 'boolean' },
      audit: { type: 'string' },
      report: { type: 'boolean' },
      direction: { type: 'string' },
      market: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'min-score': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const modes = [values['rescore-all'], values.ids !== undefined, values.audit !== undefined, values.report].filter(Boolean);
  if (modes.length > 1) throw new UsageError('choose one of --rescore-all, --ids, --audit, --report');
  if (values.direction !== undefined && !(DIRECTIONS as readonly string[]).includes(values.direction)) {
    throw new UsageError(`--direction must be BUY or SELL, not "${values.direction}"`);
  }
  for (const key of ['from', 'to'] as const) {
    if (values[key] !== undefined && !DATE.test(values[key]!)) throw new UsageError(`--${key} must be a YYYY-MM-DD date`);
  }
  const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
  if (minScore !== undefined && !(Number.isFinite(minScore) && minScore >= 0 && minScore <= 100)) {
    throw new UsageError('--min-score must be a number from 0 to 100');
  }
  const ids = values.ids?.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids !== undefined && ids.length === 0) throw new UsageError('--ids needs at least one declaration id');
  const markets = values.market?.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  if (markets?.some((m) => !/^[a-z]{2}$/.test(m))) throw new UsageError('--market takes two-letter market codes, e.g. us,fr');
  return { values, ids, minScore, markets };
}

/** `sigma score`: returns the process exit code (0 ok, 1 not found, 2 usage error). */
export async function scoreCommand(argv: string[], deps: ScoreCommandDeps): Promise<number> {
  const out = deps.out ?? ((text: string) => process.stdout.write(text));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.error(`sigma score: ${message}`);
    out(SCORE_USAGE);
    return 2;
  }
  const { values, ids, minScore, markets } = parsed;
  if (values.help) {
    out(SCORE_USAGE);
    return 0;
  }
  if (values.audit !== undefined) {
    const audit = await getScoreAudit(deps.db, values.audit);
    if (!audit) {
      deps.log.error('no score stored for this declaration', { id: values.audit });
      return 1;
    }
    out(`${JSON.stringify(audit, null, 2)}\n`);
    return 0;
  }
  if (values.report) {
    const report = await aggregateBacktest(deps.db, {
      direction: values.direction as Direction | undefined,
      market: markets,
      from: values.from,
      to: values.to,
      minScore,
    });
    out(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const scoring = await scoreDeclarations(deps.db, {
    all: values['rescore-all'] === true,
    ids,
    staleOnly: !values['rescore-all'] && ids === undefined,
    log: deps.log,
  });
  deps.log.info('scoring done', { ...scoring, phases: undefined });
  const backtest = values.backtest
    ? await computeBacktests(deps.db, values['rescore-all'] ? { all: true } : ids ? { ids } : { staleOnly: true })
    : null;
  if (backtest) deps.log.info('backtests done', { ...backtest });
  out(`${JSON.stringify({ scoring, backtest })}\n`);
  return 0;
}
