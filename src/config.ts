import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Sigma reads from the environment, validated once at start.
 * README.md lists the same variables; a test keeps the two in step.
 */
const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    );

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
// z.coerce.boolean() would read "false" as true.
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const ENV_SCHEMA = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  SIGMA_DATA_DIR: z.string().min(1).default('./data'),
  SIGMA_EMBEDDED_PG_PORT: port.default(54329),
  SIGMA_DB_POOL_MAX: positiveInt.default(10),
  SIGMA_API_PROCESSES: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(64)], { error: 'must be "auto" or a whole number from 1 to 64' })
    .default('auto'),
  SIGMA_SOURCES: csv('sec,amf,fca'),
  SIGMA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SIGMA_HTTP_TIMEOUT_MS: positiveInt.default(30_000),
  SIGMA_HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  SEC_USER_AGENT: z.string().trim().optional(),
  SEC_MAX_RPS: z.coerce.number().positive().max(10, 'the SEC fair-access policy allows at most 10 requests/s').default(10),
  SEC_BASE_URL: z.string().url().default('https://www.sec.gov'),
  SEC_POLL_SECONDS: positiveInt.default(60),
  YAHOO_BASE_URL: z.string().url().optional(),
  SIGMA_PRICES_MAX_RPS: z.coerce.number().positive().max(20).default(2),
  SIGMA_PRICES_REFRESH_UTC: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a HH:MM time of day (24h, UTC)')
    .default('04:00'),
  EUROPE_USER_AGENT: z.string().trim().min(3).default('Sigma/0.1 (self-hosted insider-dealing aggregator)'),
  AMF_BASE_URL: z.string().url().default('https://bdif.amf-france.org'),
  AMF_MAX_RPS: z.coerce.number().positive().max(10).default(2),
  AMF_POLL_SECONDS: positiveInt.default(300),
  AMF_INITIAL_DAYS: positiveInt.max(366).default(7),
  BAFIN_BASE_URL: z.string().url().default('https://portal.mvp.bafin.de'),
  BAFIN_MAX_RPS: z.coerce.number().positive().max(5).default(0.5),
  BAFIN_POLL_SECONDS: positiveInt.default(3600),
  FCA_DISCOVERY: z.enum(['nsm', 'investegate', 'both']).default('nsm'),
  FCA_NSM_API_URL: z.string().url().default('https://api.data.fca.org.uk'),
  FCA_NSM_ARTEFACT_URL: z.string().url().default('https://data.fca.org.uk/artefacts'),
  FCA_NSM_INDEX: z.string().trim().min(1).default('fca-nsm-searchdata'),
  INVESTEGATE_BASE_URL: z.string().url().default('https://www.investegate.co.uk'),
  FCA_MAX_RPS: z.coerce.number().positive().max(10).default(2),
  FCA_POLL_SECONDS: positiveInt.default(300),
  FCA_INITIAL_DAYS: positiveInt.max(366).default(3),
  NODE_ENV: z.string().optional(),
  SIGMA_TRUSTED_PROXIES: csv(''),
  SIGMA_SANDBOX_ENABLED: flag.default(true),
  SIGMA_SANDBOX_HMAC_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  SIGMA_SANDBOX_DIFFICULTY: z.coerce.number().int().min(1).max(32).default(16),
  SIGMA_SANDBOX_DIFFICULTY_STEP: z.coerce.number().int().min(0).max(16).default(2),
  SIGMA_SANDBOX_ESCALATE_FROM_CALL: positiveInt.default(6),
  SIGMA_SANDBOX_DAILY_CAP: positiveInt.default(10),
  SIGMA_SANDBOX_BOT_DAILY_CAP: z.coerce.number().int().min(0).default(3),
  SIGMA_SANDBOX_ADDRESS_DAILY_CAP: positiveInt.default(30),
  SIGMA_SANDBOX_CHALLENGE_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  SIGMA_SANDBOX_MAX_LIMIT: z.coerce.number().int().min(1).max(200).default(10),
  SIGMA_SANDBOX_DATACENTER_CIDRS_FILE: z.string().min(1).optional(),
  SIGMA_SANDBOX_ALLOW_LOOPBACK: flag.optional(),
  SIGMA_SANDBOX_CAPTCHA_SECRET: z.string().min(1).optional(),
  SIGMA_SANDBOX_CAPTCHA_SITE_KEY: z.string().min(1).optional(),
  SIGMA_SANDBOX_CAPTCHA_VERIFY_URL: z.string().url().default('https://challenges.cloudflare.com/turnstile/v0/siteverify'),
});

export type Env = z.input<typeof ENV_SCHEMA>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly dbPoolMax: number;
  /** Processes serving the API (SIGMA_API_PROCESSES; "auto" = one per available CPU). */
  readonly apiProcesses: number;
  readonly enabledSources: readonly string[];
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly http: { readonly timeoutMs: number; readonly retries: number };
  readonly sec: {
    readonly userAgent: string | undefined;
    readonly maxRequestsPerSecond: number;
    readonly baseUrl: string;
    readonly pollSeconds: number;
  };
  readonly prices: {
    /** Replaces the Yahoo Finance hosts (a proxy, a test server); unset = the real hosts. */
    readonly yahooBaseUrl: string | undefined;
    readonly maxRequestsPerSecond: number;
    /** Daily refresh time of day, UTC, "HH:MM". */
    readonly refreshUtc: string;
  };
  readonly europe: {
    /** User-Agent of the AMF, BaFin and FCA/RNS fetchers. */
    readonly userAgent: string;
    readonly amf: { readonly baseUrl: string; readonly maxRequestsPerSecond: number; readonly pollSeconds: number; readonly initialDays: number };
    readonly bafin: { readonly baseUrl: string; readonly maxRequestsPerSecond: number; readonly pollSeconds: number };
    readonly fca: {
      readonly discovery: 'nsm' | 'investegate' | 'both';
      readonly nsmApiUrl: string;
      readonly nsmArtefactUrl: string;
      readonly nsmIndex: string;
      readonly investegateUrl: string;
      readonly maxRequestsPerSecond: number;
      readonly pollSeconds: number;
      readonly initialDays: number;
    };
  };
  /** Proxies whose X-Forwarded-For is believed (IPs or CIDRs); everyone else is the client. */
  readonly trustedProxies: readonly string[];
  readonly sandbox: SandboxConfig;
}

export interface SandboxConfig {
  readonly enabled: boolean;
  /** Operator-chosen secret; when undefined one is generated once and kept in the database. */
  readonly hmacKey: string | undefined;
  readonly difficultyBits: number;
  /** Extra bits required from call `escalateFromCall` of a 24 h window onward. */
  readonly difficultyStepBits: number;
  readonly escalateFromCall: number;
  readonly dailyCap: number;
  readonly botDailyCap: number;
  /** All clients of one address together (an office NAT shares it; a UA-rotating scraper too). */
  readonly addressDailyCap: number;
  readonly challengeTtlSeconds: number;
  readonly maxListingLimit: number;
  /** A file of datacenter CIDRs replacing the bundled list; undefined = bundled list. */
  readonly datacenterCidrsFile: string | undefined;
  /** Loopback clients are served (development); in production they mean an undeclared proxy. */
  readonly allowLoopback: boolean;
  readonly captcha: {
    readonly secret: string | undefined;
    readonly siteKey: string | undefined;
    readonly verifyUrl: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ENV_SCHEMA.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.SIGMA_DATA_DIR),
    embeddedPgPort: e.SIGMA_EMBEDDED_PG_PORT,
    dbPoolMax: e.SIGMA_DB_POOL_MAX,
    apiProcesses: e.SIGMA_API_PROCESSES === 'auto' ? os.availableParallelism() : e.SIGMA_API_PROCESSES,
    enabledSources: Object.freeze(e.SIGMA_SOURCES.map((s) => s.toLowerCase()).filter((s) => s !== 'none')),
    logLevel: e.SIGMA_LOG_LEVEL,
    http: Object.freeze({ timeoutMs: e.SIGMA_HTTP_TIMEOUT_MS, retries: e.SIGMA_HTTP_RETRIES }),
    sec: Object.freeze({
      userAgent: e.SEC_USER_AGENT,
      maxRequestsPerSecond: e.SEC_MAX_RPS,
      baseUrl: e.SEC_BASE_URL.replace(/\/+$/, ''),
      pollSeconds: e.SEC_POLL_SECONDS,
    }),
    prices: Object.freeze({
      yahooBaseUrl: e.YAHOO_BASE_URL?.replace(/\/+$/, ''),
      maxRequestsPerSecond: e.SIGMA_PRICES_MAX_RPS,
      refreshUtc: e.SIGMA_PRICES_REFRESH_UTC,
    }),
    europe: Object.freeze({
      userAgent: e.EUROPE_USER_AGENT,
      amf: Object.freeze({
        baseUrl: e.AMF_BASE_URL.replace(/\/+$/, ''),
        maxRequestsPerSecond: e.AMF_MAX_RPS,
        pollSeconds: e.AMF_POLL_SECONDS,
        initialDays: e.AMF_INITIAL_DAYS,
      }),
      bafin: Object.freeze({
        baseUrl: e.BAFIN_BASE_URL.replace(/\/+$/, ''),
        maxRequestsPerSecond: e.BAFIN_MAX_RPS,
        pollSeconds: e.BAFIN_POLL_SECONDS,
      }),
      fca: Object.freeze({
        discovery: e.FCA_DISCOVERY,
        nsmApiUrl: e.FCA_NSM_API_URL.replace(/\/+$/, ''),
        nsmArtefactUrl: e.FCA_NSM_ARTEFACT_URL.replace(/\/+$/, ''),
        nsmIndex: e.FCA_NSM_INDEX,
        investegateUrl: e.INVESTEGATE_BASE_URL.replace(/\/+$/, ''),
        maxRequestsPerSecond: e.FCA_MAX_RPS,
        pollSeconds: e.FCA_POLL_SECONDS,
        initialDays: e.FCA_INITIAL_DAYS,
      }),
    }),
    trustedProxies: Object.freeze(e.SIGMA_TRUSTED_PROXIES),
    sandbox: Object.freeze({
      enabled: e.SIGMA_SANDBOX_ENABLED,
      hmacKey: e.SIGMA_SANDBOX_HMAC_KEY,
      difficultyBits: e.SIGMA_SANDBOX_DIFFICULTY,
      difficultyStepBits: e.SIGMA_SANDBOX_DIFFICULTY_STEP,
      escalateFromCall: e.SIGMA_SANDBOX_ESCALATE_FROM_CALL,
      dailyCap: e.SIGMA_SANDBOX_DAILY_CAP,
      botDailyCap: e.SIGMA_SANDBOX_BOT_DAILY_CAP,
      addressDailyCap: e.SIGMA_SANDBOX_ADDRESS_DAILY_CAP,
      challengeTtlSeconds: e.SIGMA_SANDBOX_CHALLENGE_TTL_SECONDS,
      maxListingLimit: e.SIGMA_SANDBOX_MAX_LIMIT,
      datacenterCidrsFile: e.SIGMA_SANDBOX_DATACENTER_CIDRS_FILE
        ? path.resolve(e.SIGMA_SANDBOX_DATACENTER_CIDRS_FILE)
        : undefined,
      allowLoopback: e.SIGMA_SANDBOX_ALLOW_LOOPBACK ?? e.NODE_ENV !== 'production',
      captcha: Object.freeze({
        secret: e.SIGMA_SANDBOX_CAPTCHA_SECRET,
        siteKey: e.SIGMA_SANDBOX_CAPTCHA_SITE_KEY,
        verifyUrl: e.SIGMA_SANDBOX_CAPTCHA_VERIFY_URL,
      }),
    }),
  });
}
