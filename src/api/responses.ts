import { z } from 'zod';
import { DeclarationSchema } from '../model/declaration.js';
import { DirectionSchema, RoleSchema } from '../model/enums.js';
import { FactorSchema } from '../model/signal.js';
import { BACKTEST_HORIZONS } from '../signals/backtest.js';

/**
 * Response shapes, for the OpenAPI document (handlers build them with the TypeScript types of the
 * same names). `meta` is added to every 200 by the generator.
 */
const nullableNumber = z.number().nullable();
const nullableString = z.string().nullable();
const timestamp = z.string().describe('ISO 8601 UTC with milliseconds');
const date = z.string().describe('YYYY-MM-DD');

export function listingOf(item: z.ZodType) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const HorizonReturnSchema = z.object({
  horizon: z.number().int().describe('trading days after the entry close'),
  exitDate: date,
  exitPrice: z.number(),
  rawReturn: z.number(),
  benchmarkReturn: nullableNumber,
  excessReturn: nullableNumber,
  computedAt: timestamp,
});

export const DeclarationBacktestSchema = z
  .object({
    symbol: nullableString,
    entryDate: date.nullable().describe('the first close a reader could trade at after pubDate; null until priced'),
    entryPrice: nullableNumber,
    benchmarkSymbol: nullableString,
    horizons: z
      .array(HorizonReturnSchema.nullable())
      .length(BACKTEST_HORIZONS.length)
      .describe(`one entry per horizon (${BACKTEST_HORIZONS.join(', ')} trading days), in that order; null until that horizon has matured`),
  })
  .nullable()
  .describe('null while the declaration is not scored (no discretionary direction, or not scored yet)');

export const DeclarationResponseSchema = DeclarationSchema.extend({
  backtest: DeclarationBacktestSchema.optional().describe('present with include=backtest and on /declarations/{id}; null while not scored'),
});

export const DeclarationListingSchema = z.object({
  items: z.array(DeclarationResponseSchema),
  total: z.number().int().describe('matching declarations, counted exactly up to max(1000, offset + limit) (see totalIsExact)'),
  totalIsExact: z.boolean().describe('false when more match than that cap: total is then the cap, a lower bound'),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const ScoreAuditSchema = z.object({
  declarationId: z.string(),
  version: nullableString,
  total: nullableNumber.describe('the composite score 0–100; null when the declaration has no discretionary direction or is not scored yet'),
  direction: DirectionSchema.nullable(),
  nullReason: nullableString,
  isCluster: z.boolean().nullable(),
  clusterSize: z.number().int().nullable(),
  computedAt: timestamp.nullable(),
  factors: z.array(FactorSchema),
  inputs: z.record(z.string(), z.unknown()).nullable().describe('point-in-time inputs with their as-of dates'),
});

export const CompanySummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  market: z.string(),
  isin: nullableString,
  ticker: nullableString,
  exchange: nullableString,
  marketCapEur: nullableNumber,
  declarationCount: z.number().int(),
  lastDeclarationAt: timestamp.nullable(),
});

export const CompanyProfileSchema = CompanySummarySchema.extend({
  identifiers: z.object({
    isin: nullableString,
    isins: z.array(z.string()),
    lei: nullableString,
    cik: nullableString,
    ticker: nullableString,
    yahooSymbol: nullableString,
    sourceCompanyId: nullableString,
  }),
  currency: nullableString,
  marketCap: nullableNumber,
  marketCapCurrency: nullableString,
  marketCapAsOf: date.nullable(),
  counters: z.object({
    declarations: z.number().int(),
    insiders: z.number().int(),
    buys: z.number().int(),
    sells: z.number().int(),
    firstDeclarationAt: timestamp.nullable(),
    lastDeclarationAt: timestamp.nullable(),
  }),
});

export const CompanyInsiderSchema = z.object({
  slug: z.string(),
  name: z.string(),
  role: RoleSchema,
  roleRaw: nullableString,
  declarations: z.number().int(),
  firstDeclarationAt: timestamp,
  lastDeclarationAt: timestamp,
  buyAmountEur: z.number(),
  sellAmountEur: z.number(),
  netAmountEur: z.number(),
});

const FlowAmounts = {
  buyAmountEur: z.number(),
  sellAmountEur: z.number(),
  netAmountEur: z.number(),
  buyCount: z.number().int(),
  sellCount: z.number().int(),
};

export const CompanyFlowSchema = z.object({
  company: z.object({ slug: z.string(), name: z.string() }),
  bucket: z.enum(['month', 'week']),
  from: date.nullable(),
  to: date.nullable(),
  currency: z.literal('EUR'),
  buckets: z.array(
    z.object({
      period: z.string().describe('2026-04 (month) or 2026-W16 (ISO week)'),
      start: date,
      end: date,
      ...FlowAmounts,
      insiders: z.number().int(),
      rolling90dNetEur: z.number().describe('net over the 90 days ending on `end`'),
    }),
  ),
  insiders: z.array(z.object({ slug: z.string(), name: z.string(), role: RoleSchema, ...FlowAmounts })),
  rolling90d: z.object({
    from: date.nullable(),
    to: date.nullable(),
    ...FlowAmounts,
    signal: DirectionSchema.nullable().describe('BUY when net buying, SELL when net selling, null when flat or empty'),
    maxScore: nullableNumber,
  }),
});

export const InsiderSummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  externalId: nullableString,
  externalIdScheme: nullableString,
  isEntity: z.boolean().nullable(),
  declarationCount: z.number().int(),
  lastDeclarationAt: timestamp.nullable(),
});

export const TrackRecordSchema = z.array(
  z.object({
    horizon: z.number().int(),
    count: z.number().int(),
    meanRaw: z.number(),
    countExcess: z.number().int(),
    meanExcess: nullableNumber,
    hitRate: nullableNumber.describe("share of past scored buys whose excess return was positive"),
  }),
);

export const InsiderProfileSchema = InsiderSummarySchema.extend({
  companies: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      market: z.string(),
      role: RoleSchema,
      roleRaw: nullableString,
      declarations: z.number().int(),
      firstDeclarationAt: timestamp,
      lastDeclarationAt: timestamp,
    }),
  ),
  stats: z.object({
    declarations: z.number().int(),
    buys: z.number().int(),
    sells: z.number().int(),
    buyAmountEur: z.number(),
    sellAmountEur: z.number(),
    firstDeclarationAt: timestamp.nullable(),
    lastDeclarationAt: timestamp.nullable(),
  }),
  trackRecord: TrackRecordSchema.describe('past scored buys, matured horizons only'),
});

export const ClusterSchema = z.object({
  company: z.object({ slug: z.string(), name: z.string(), market: z.string() }),
  direction: DirectionSchema,
  insiderCount: z.number().int(),
  declarationCount: z.number().int(),
  firstTradeDate: date,
  lastTradeDate: date,
  lastPubDate: timestamp,
  totalAmountEur: nullableNumber,
  maxScore: nullableNumber,
  insiders: z.array(z.object({ slug: z.string(), name: z.string(), role: RoleSchema })),
  declarationIds: z.array(z.string()),
});

export const BacktestReportSchema = z.object({
  filters: z.object({
    direction: DirectionSchema.nullable(),
    market: z.array(z.string()).nullable(),
    from: nullableString,
    to: nullableString,
    minScore: nullableNumber,
  }),
  horizons: z.array(z.number().int()).describe('the horizons measured, in trading days'),
  buckets: z.array(
    z.object({
      bucket: z.string().describe('score range label, e.g. "60-79"'),
      scoreFrom: z.number(),
      scoreTo: z.number(),
      market: z.string().nullable().describe('null: all markets together'),
      direction: DirectionSchema,
      horizons: z.array(
        z.object({
          horizon: z.number().int(),
          count: z.number().int(),
          meanRaw: z.number(),
          medianRaw: z.number(),
          countExcess: z.number().int().describe('declarations with a benchmark return (excess stats and hit rate are over these)'),
          meanExcess: nullableNumber,
          medianExcess: nullableNumber,
          hitRate: nullableNumber.describe('share whose excess return went the signal\'s way'),
        }),
      ),
    }),
  ),
});

export const SearchResultSchema = z.object({
  query: z.string(),
  companies: z.array(CompanySummarySchema),
  insiders: z.array(InsiderSummarySchema),
  declarations: z.array(
    z.object({
      id: z.string(),
      pubDate: timestamp,
      direction: DirectionSchema.nullable(),
      company: z.object({ slug: z.string(), name: z.string() }),
      insider: z.object({ slug: z.string(), name: z.string() }),
      totalAmountEur: nullableNumber,
      signalScore: nullableNumber,
    }),
  ).describe('the declaration named by id and those on the ISIN, then the newest canonical declarations of the companies found, newest first; at most `limit`'),
});

export const MeSchema = z.object({
  account: z.object({ id: z.number().int(), name: z.string(), createdAt: timestamp }),
  key: z.object({ prefix: z.string(), name: z.string(), createdAt: timestamp, lastUsedAt: timestamp.nullable() }),
  plan: z.object({ name: z.string(), dailyQuota: z.number().int(), burstPerSecond: z.number().int() }),
  usage: z.object({
    today: z.number().int().describe('requests made with this key today (UTC)'),
    total: z.number().int().describe('requests made with this key ever'),
    dailyQuota: z.number().int(),
    accountToday: z.number().int().describe("the account's requests today, which the quota counts"),
    remainingToday: z.number().int(),
    resetsAt: timestamp,
  }),
});

export const MarketSchemaOut = z.object({
  market: z.string(),
  source: z.string(),
  regulator: z.string(),
  country: nullableString,
  currency: nullableString,
  enabled: z.boolean(),
  counters: z.object({ declarations: z.number().int(), companies: z.number().int() }),
  coverage: z.object({ from: timestamp.nullable(), to: timestamp.nullable() }),
  lastIngestAt: timestamp.nullable(),
  status: z.string(),
  lastError: nullableString,
  lastErrorAt: timestamp.nullable(),
});

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded when an enabled source is failing or refused; an unreachable database is a 503'),
  database: z.object({ reachable: z.boolean(), latencyMs: z.number() }),
  sources: z.array(
    z.object({
      source: z.string(),
      enabled: z.boolean(),
      status: z
        .string()
        .describe('ok, idle, never_run, failing (its last attempt failed) or refused (live fetching declined, e.g. SEC without SEC_USER_AGENT)'),
      lastSuccessAt: timestamp.nullable(),
      lastAttemptAt: timestamp.nullable(),
      lastError: nullableString,
      lastErrorAt: timestamp.nullable(),
      consecutiveFailures: z.number().int(),
    }),
  ),
  freshness: z.record(z.string(), timestamp.nullable()),
});
