import type { Knex } from 'knex';
import { scoreDeclaration } from '../../scoring/index.js';
import type { ScoringInput } from '../../scoring/types.js';
import { SCORE_VERSION, WEIGHTS, type WeightsTable } from '../../scoring/weights.js';
import type { Logger } from '../log.js';
import { buildScoringInputs, type DeclarationRow } from './context.js';
import { loadCompanies, loadDeclarations, loadFx, loadSeries } from './load.js';
import { minusDays, type FxTable } from './market-data.js';
import { markFresh, persistSignals, type SignalRecord } from './persist.js';

export interface ScoreOptions {
  /** Score these declarations (and, unless told otherwise, those whose context they are part of). */
  ids?: readonly string[];
  /** Score every declaration. */
  all?: boolean;
  /** Only declarations with no signal, an older version, changed content or newly priced missing data. */
  staleOnly?: boolean;
  /** With `ids`: also rescore later declarations whose cluster, history or holding may include them. */
  includeDependents?: boolean;
  /** Declarations per batch (one transaction each); default 5,000. */
  batchSize?: number;
  /** Batches written concurrently (each on its own connection); default 2. */
  writeConcurrency?: number;
  log?: Logger;
}

export interface ScoreReport {
  considered: number;
  scored: number;
  unscored: number;
  written: number;
  stamped: number;
  batches: number;
  durationMs: number;
  /** Where the wall time went (ms): waiting for a load, scoring in Node, waiting for a write. */
  phases: { loadWaitMs: number; computeMs: number; persistMs: number };
}

interface Target {
  id: string;
  companyId: number;
}

interface Batch {
  companyIds: number[];
  /** null = every declaration of these companies. */
  targets: Set<string> | null;
  count: number;
}

/** Calendar days of prices loaded before the earliest publication of a batch. */
const priceLookbackDays = (weights: WeightsTable) => weights.priorReturnMaxCalendarDays + weights.maxPriceAgeDays + 5;

export const NON_CANONICAL_REASON =
  "This amendment's content is folded into its original declaration, which carries the score.";

async function dependentsOf(db: Knex, ids: readonly string[], weights: WeightsTable): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.raw<{ rows: Array<{ id: string }> }>(
    `select distinct d2.id from declarations d1
       join declarations d2 on d2.company_id = d1.company_id and d2.id <> d1.id and d2.pub_date >= d1.pub_date
      where d1.id = any(?::text[])
        and (d2.pub_date <= d1.pub_date + make_interval(hours => ?) or d2.insider_id = d1.insider_id)`,
    [ids as string[], weights.clusterWindowDays * 24],
  );
  return rows.map((r) => r.id);
}

/**
 * Declarations with no signal, a signal of another version, content changed since scoring, or an
 * EUR amount filled in after scoring (the daily prices job converts amounts it could not at ingest).
 */
const STALE_SQL = `
  select d.id, d.company_id from declarations d
    left join signals s on s.declaration_id = d.id
   where s.declaration_id is null or s.version <> ? or (s.inputs->>'contentHash') is distinct from d.content_hash
      or (s.score is not null and (s.inputs->>'totalAmountEur')::float8 is distinct from d.total_amount_eur)`;

/**
 * Signals scored while prices or the market cap were missing, whose symbol got bars or snapshots
 * since. The newest fetch is looked up once per symbol, only for symbols with such signals.
 */
const AWAITING_DATA_SQL = `
  with waiting as (
    select s.declaration_id, s.computed_at, d.company_id, c.yahoo_symbol as symbol
      from signals s join declarations d on d.id = s.declaration_id join companies c on c.id = d.company_id
     where s.score is not null and c.yahoo_symbol is not null
       and ((s.inputs->'priorReturn'->>'available') = 'false' or (s.inputs->'marketCap'->>'available') = 'false')
  ), fetched as (
    select w.symbol,
           greatest((select max(b.fetched_at) from price_bars b where b.symbol = w.symbol),
                    (select max(q.fetched_at) from quote_snapshots q where q.symbol = w.symbol)) as at
      from (select distinct symbol from waiting) w
  )
  select w.declaration_id as id, w.company_id from waiting w join fetched f on f.symbol = w.symbol where f.at > w.computed_at`;

async function selectTargets(db: Knex, options: ScoreOptions, weights: WeightsTable): Promise<Target[] | 'all'> {
  if (options.all && !options.staleOnly && !options.ids) return 'all';
  const stale = options.staleOnly || (!options.ids && !options.all);
  let rows: Array<{ id: string; company_id: number }>;
  if (stale) {
    const [outdated, awaiting] = await Promise.all([
      db.raw<{ rows: Array<{ id: string; company_id: number }> }>(STALE_SQL, [SCORE_VERSION]),
      db.raw<{ rows: Array<{ id: string; company_id: number }> }>(AWAITING_DATA_SQL),
    ]);
    rows = [...outdated.rows, ...awaiting.rows];
    if (options.ids) {
      const wanted = new Set(options.ids);
      rows = rows.filter((r) => wanted.has(r.id));
    }
  } else {
    const ids = [...new Set([...options.ids!, ...(options.includeDependents === false ? [] : await dependentsOf(db, options.ids!, weights))])];
    const result = await db.raw<{ rows: Array<{ id: string; company_id: number }> }>(
      'select id, company_id from declarations where id = any(?::text[])',
      [ids],
    );
    rows = result.rows;
  }
  const unique = new Map(rows.map((r) => [r.id, { id: r.id, companyId: Number(r.company_id) }]));
  return [...unique.values()];
}

async function planBatches(db: Knex, targets: Target[] | 'all', batchSize: number): Promise<Batch[]> {
  const perCompany = new Map<number, { count: number; ids: string[] | null }>();
  if (targets === 'all') {
    const rows = await db('declarations').select('company_id').count<Array<{ company_id: number; count: string | number }>>('* as count').groupBy('company_id').orderBy('company_id');
    for (const r of rows) perCompany.set(Number(r.company_id), { count: Number(r.count), ids: null });
  } else {
    for (const t of [...targets].sort((a, b) => a.companyId - b.companyId || (a.id < b.id ? -1 : 1))) {
      const entry = perCompany.get(t.companyId) ?? { count: 0, ids: [] };
      entry.count += 1;
      entry.ids!.push(t.id);
      perCompany.set(t.companyId, entry);
    }
  }
  const batches: Batch[] = [];
  let current: Batch | null = null;
  for (const [companyId, entry] of perCompany) {
    if (!current || current.count >= batchSize) {
      current = { companyIds: [], targets: targets === 'all' ? null : new Set(), count: 0 };
      batches.push(current);
    }
    current.companyIds.push(companyId);
    current.count += entry.count;
    for (const id of entry.ids ?? []) current.targets!.add(id);
  }
  return batches;
}

/** What is stored as `inputs`: the scoring input itself, so `scoreDeclaration(inputs)` recomputes the score. */
function auditInputs(row: DeclarationRow, input: ScoringInput): Record<string, unknown> {
  return { contentHash: row.contentHash, ...input };
}

function recordFor(row: DeclarationRow, input: ScoringInput, weights: WeightsTable): SignalRecord {
  if (!row.isCanonical) {
    return {
      declarationId: row.id,
      version: SCORE_VERSION,
      direction: null,
      score: null,
      nullReason: NON_CANONICAL_REASON,
      factors: [],
      inputs: { contentHash: row.contentHash, declarationId: row.id, pubDate: input.pubDate, isCanonical: false },
      isCluster: false,
      clusterSize: 0,
    };
  }
  const result = scoreDeclaration(input, weights);
  return {
    declarationId: row.id,
    version: result.version,
    direction: result.direction,
    score: result.score,
    nullReason: result.nullReason,
    factors: result.factors,
    inputs:
      result.direction === null
        ? { contentHash: row.contentHash, declarationId: row.id, pubDate: input.pubDate, direction: null, lines: input.lines }
        : auditInputs(row, input),
    isCluster: result.isCluster,
    clusterSize: result.clusterSize,
  };
}

async function loadBatch(db: Knex, batch: Batch, fx: FxTable, weights: WeightsTable) {
  const targetFilter = batch.targets;
  const companies = await loadCompanies(db, batch.companyIds);
  const bounds = await db('declarations')
    .whereRaw('company_id = any(?::bigint[])', [batch.companyIds])
    .modify((q) => {
      if (targetFilter) q.whereRaw('id = any(?::text[])', [[...targetFilter]]);
    })
    .first<{ min: Date | null; max: Date | null }>(db.raw('min(pub_date) as min'), db.raw('max(pub_date) as max'));
  if (!bounds?.min || !bounds.max) return null;
  const nonCanonical = targetFilter ? [...targetFilter] : [];
  const declarations = targetFilter
    ? await loadDeclarations(db, batch.companyIds, bounds.max, nonCanonical, {
        ids: nonCanonical,
        since: new Date(bounds.min.getTime() - (weights.clusterWindowDays + 1) * 86_400_000),
      })
    : await loadDeclarations(db, batch.companyIds, bounds.max, []).then(async (canonical) => [
        ...canonical,
        ...(await loadNonCanonical(db, batch.companyIds)),
      ]);
  const symbols = [...new Set([...companies.values()].map((c) => c.yahooSymbol).filter((s): s is string => !!s))];
  // Local publication dates are at most a day away from the UTC ones.
  const from = minusDays(bounds.min.toISOString().slice(0, 10), priceLookbackDays(weights) + 1);
  const to = minusDays(bounds.max.toISOString().slice(0, 10), -2);
  const series = await loadSeries(db, symbols, from, to);
  return { companies, declarations, series, fx };
}

async function loadNonCanonical(db: Knex, companyIds: number[]): Promise<DeclarationRow[]> {
  const ids = await db('declarations').whereRaw('company_id = any(?::bigint[])', [companyIds]).where('is_canonical', false).pluck('id');
  if (ids.length === 0) return [];
  const rows = await loadDeclarations(db, companyIds, new Date('9999-12-31T00:00:00Z'), ids as string[]);
  return rows.filter((r) => !r.isCanonical);
}

/**
 * Scores declarations point-in-time and persists the results (see persistSignals). Batches are
 * sets of whole companies, each loaded with a handful of queries, so a full rescore is a linear
 * pass over the data; the next batch is loaded while the current one is scored and written.
 */
export async function scoreDeclarations(db: Knex, options: ScoreOptions = {}, weights: WeightsTable = WEIGHTS): Promise<ScoreReport> {
  const started = performance.now();
  const report: ScoreReport = {
    considered: 0,
    scored: 0,
    unscored: 0,
    written: 0,
    stamped: 0,
    batches: 0,
    durationMs: 0,
    phases: { loadWaitMs: 0, computeMs: 0, persistMs: 0 },
  };
  const targets = await selectTargets(db, options, weights);
  if (targets !== 'all' && targets.length === 0) {
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }
  const batches = await planBatches(db, targets, options.batchSize ?? 5_000);
  const fx = await loadFx(db);
  // Stages overlap: batch i+1 is loaded and batch i scored (in Node) while earlier batches are
  // written (in PostgreSQL, up to `writeConcurrency` at once). Batches hold disjoint companies, so
  // their writes never touch the same rows; the change clock orders their commits.
  const load = (i: number) => {
    const promise = i < batches.length ? loadBatch(db, batches[i]!, fx, weights) : Promise.resolve(null);
    promise.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    return promise;
  };
  // Two batches are read ahead: reading is as heavy as writing when little changes.
  const ahead = [load(0), load(1)];
  const writing: Array<Promise<void>> = [];
  const maxWriting = Math.max(1, options.writeConcurrency ?? 2);
  for (let i = 0; i < batches.length; i += 1) {
    const batch = batches[i]!;
    let mark = performance.now();
    const loaded = await ahead.shift()!;
    ahead.push(load(i + 2));
    report.phases.loadWaitMs += performance.now() - mark;
    if (!loaded) continue;
    mark = performance.now();
    const isTarget = batch.targets ? (id: string) => batch.targets!.has(id) : () => true;
    const inputs = buildScoringInputs(loaded, isTarget, weights);
    const records = inputs.map(({ row, input }) => recordFor(row, input, weights));
    report.phases.computeMs += performance.now() - mark;
    mark = performance.now();
    while (writing.length >= maxWriting) await writing.shift();
    report.phases.persistMs += performance.now() - mark;
    const batchNumber = i + 1;
    const write = persistSignals(db, records).then((outcome) => {
      report.batches += 1;
      report.considered += records.length;
      report.scored += records.filter((r) => r.score !== null).length;
      report.unscored += records.filter((r) => r.score === null).length;
      report.written += outcome.written.length;
      report.stamped += outcome.stamped.length;
      options.log?.debug('scored batch', { batch: batchNumber, of: batches.length, declarations: records.length, written: outcome.written.length });
    });
    write.catch(() => undefined);
    writing.push(write);
  }
  const mark = performance.now();
  while (writing.length > 0) await writing.shift();
  report.phases.persistMs += performance.now() - mark;
  await touchRecheckedSignals(db, targets);
  if (report.considered > 0) await markFresh(db, 'scoring', `${SCORE_VERSION}: ${report.considered} declarations, ${report.written} changed`);
  report.durationMs = Math.round(performance.now() - started);
  for (const key of Object.keys(report.phases) as Array<keyof ScoreReport['phases']>) report.phases[key] = Math.round(report.phases[key]);
  return report;
}

/**
 * A signal re-checked because its market data was missing keeps its content when the data is
 * still missing; moving computed_at on stops it from being re-checked at every stale pass.
 */
async function touchRecheckedSignals(db: Knex, targets: Target[] | 'all'): Promise<void> {
  if (targets === 'all') return;
  await db.raw(
    `update signals set computed_at = date_trunc('milliseconds', clock_timestamp())
      where declaration_id = any(?::text[]) and score is not null
        and ((inputs->'priorReturn'->>'available') = 'false' or (inputs->'marketCap'->>'available') = 'false')`,
    [targets.map((t) => t.id)],
  );
}
