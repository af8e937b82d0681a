import type { Db } from '../src/db/knex.js';
import { foldText, slugify } from '../src/model/slug.js';

/**
 * A generated, realistic dataset for benchmarks: thousands of companies across markets, tens of
 * thousands of insiders, and N declarations over several years with heavy-tailed activity per
 * issuer, log-normal amounts, a score distribution where high scores are rare, amendments, planned
 * trades and clusters. Deterministic for a seed. Declarations are written by one
 * INSERT … SELECT over generate_series (PostgreSQL's random() seeded with setseed).
 */
export interface DatasetOptions {
  declarations: number;
  seed: number;
  companies?: number;
  insiders?: number;
  /** The newest publication instant; the dataset spans `years` back from it. */
  until?: Date;
  years?: number;
  /**
   * Also generate market data (a Yahoo symbol per company, weekday bars over the whole span plus a
   * year of margin, yearly quote snapshots, daily FX), so scoring has prices to read.
   */
  marketData?: boolean;
}

export interface DatasetSummary {
  declarations: number;
  companies: number;
  insiders: number;
  until: string;
}

const MARKETS: Array<{ market: string; source: string; regulator: string; currency: string; share: number; isinPrefix: string }> = [
  { market: 'us', source: 'sec', regulator: 'SEC', currency: 'USD', share: 0.55, isinPrefix: 'US' },
  { market: 'uk', source: 'fca', regulator: 'FCA', currency: 'GBP', share: 0.1, isinPrefix: 'GB' },
  { market: 'fr', source: 'amf', regulator: 'AMF', currency: 'EUR', share: 0.08, isinPrefix: 'FR' },
  { market: 'de', source: 'bafin', regulator: 'BaFin', currency: 'EUR', share: 0.08, isinPrefix: 'DE' },
  { market: 'ca', source: 'sedi', regulator: 'CSA (SEDI)', currency: 'CAD', share: 0.06, isinPrefix: 'CA' },
  { market: 'ch', source: 'six', regulator: 'SIX Exchange Regulation', currency: 'CHF', share: 0.03, isinPrefix: 'CH' },
  { market: 'it', source: 'consob', regulator: 'Consob', currency: 'EUR', share: 0.04, isinPrefix: 'IT' },
  { market: 'es', source: 'cnmv', regulator: 'CNMV', currency: 'EUR', share: 0.03, isinPrefix: 'ES' },
  { market: 'nl', source: 'afm', regulator: 'AFM', currency: 'EUR', share: 0.03, isinPrefix: 'NL' },
];

const NAME_PARTS = [
  'Acme', 'Nordic', 'Alpine', 'Société', 'Générale', 'Atlas', 'Bayerische', 'Münchener', 'Crédit', 'Zürich', 'Helios',
  'Quantum', 'Pacific', 'Orion', 'Vertex', 'Lumière', 'Kraft', 'Énergie', 'Solaris', 'Meridian', 'Boreal', 'Cobalt',
  'Delta', 'Europa', 'Fjord', 'Granite', 'Harbor', 'Iberia', 'Jade', 'Kestrel', 'Lombard', 'Mistral', 'Nova', 'Olympus',
  'Pioneer', 'Riviera', 'Sierra', 'Titan', 'Unity', 'Vanguard', 'Westfalen', 'Xenon', 'Yukon', 'Zenith', 'Ampère', 'Čapek',
];
const NAME_SUFFIXES = ['Holdings', 'Group', 'AG', 'SA', 'plc', 'Inc.', 'Corp', 'SE', 'NV', 'SpA', 'Technologies', 'Pharma', 'Bank', 'Energy', 'Industries'];
const FIRST_NAMES = ['Timothy', 'Anne', 'Jean-Pierre', 'François', 'Jürgen', 'Søren', 'María', 'José', 'Giulia', 'Łukasz', 'Chloé', 'Hélène', 'Björn', 'Zoë', 'Ines', 'Marc', 'Sarah', 'David', 'Élodie', 'Matthias', 'Olivia', 'Noah', 'Emma', 'Luca', 'Sofía', 'Kenji', 'Priya', 'Ahmed', 'Grace', 'Henrik'];
const LAST_NAMES = ['Cook', 'Dupont', 'Müller', 'García', 'Rossi', 'Smith', 'Lefèvre', 'Schröder', 'Núñez', 'Bianchi', 'Johnson', 'Martin', 'Nowak', 'Jensen', 'Dubois', 'Weiß', 'Fernández', 'Brown', 'Moreau', 'Kowalski', 'Lindqvist', 'Okafor', 'Tanaka', 'Singh', 'Haddad', 'O’Brien', 'Van Dijk', 'Costa', 'Fischer', 'Laurent'];

/** mulberry32: a small deterministic PRNG for the names. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

async function insertInChunks(db: Db, table: string, rows: Array<Record<string, unknown>>, chunk = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db(table).insert(rows.slice(i, i + chunk));
}

/** Fills an empty database (its core tables) with the generated dataset. */
export async function generateDataset(db: Db, options: DatasetOptions): Promise<DatasetSummary> {
  const random = prng(options.seed);
  const companyCount = options.companies ?? Math.max(50, Math.round(options.declarations / 200));
  const insiderCount = options.insiders ?? Math.max(200, Math.round(options.declarations / 16));
  const until = options.until ?? new Date();
  const years = options.years ?? 6;

  const markets: typeof MARKETS = [];
  for (const m of MARKETS) for (let i = 0; i < Math.round(m.share * 100); i += 1) markets.push(m);

  const companies = Array.from({ length: companyCount }, (_, i) => {
    const m = pick(random, markets);
    const name = `${pick(random, NAME_PARTS)} ${pick(random, NAME_PARTS)} ${pick(random, NAME_SUFFIXES)} ${i + 1}`;
    return {
      slug: `${slugify(name)}`,
      name,
      search_name: foldText(name),
      market: m.market,
      isin: `${m.isinPrefix}${String(100000000 + i).padStart(9, '0')}${i % 10}`,
      ticker: `T${i.toString(36).toUpperCase()}`,
      currency: m.currency,
      market_cap_eur: Math.round(Math.exp(18 + random() * 8)),
    };
  });
  await insertInChunks(db, 'companies', companies);

  const insiders = Array.from({ length: insiderCount }, (_, i) => {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)} ${i + 1}`;
    return {
      slug: slugify(name),
      name,
      search_name: foldText(name),
      identity_key: `BENCH:${i + 1}`,
      external_id: null,
      external_id_scheme: null,
      is_entity: random() < 0.05,
    };
  });
  await insertInChunks(db, 'insiders', insiders);

  await db.transaction(async (trx) => {
    await trx.raw(`create temporary table bench_c on commit drop as
      select row_number() over (order by id) - 1 as idx, id, market from companies`);
    await trx.raw(`create temporary table bench_i on commit drop as
      select row_number() over (order by id) - 1 as idx, id from insiders`);
    await trx.raw('create temporary table bench_m (market text primary key, source text, regulator text, currency text) on commit drop');
    await trx('bench_m').insert(MARKETS.map(({ market, source, regulator, currency }) => ({ market, source, regulator, currency })));
    await trx.raw('create index on bench_c (idx)');
    await trx.raw('create index on bench_i (idx)');
    await trx.raw('analyze bench_c; analyze bench_i; analyze bench_m');
    await trx.raw('select setseed(?)', [((options.seed % 1000) + 1) / 1001]);
    await trx.raw(
      `insert into declarations (
         id, source, source_id, market, regulator, form_type, filing_url, pub_date, transaction_date,
         filing_delay_days, direction, is_amendment, amends, amended_by, is_canonical, is_planned, planned_evidence,
         company_id, insider_id, co_reporter_ids, insider_role, insider_role_raw, is_director, is_officer,
         is_ten_pct_owner, is_closely_associated, co_reporters, nature, nature_raw, instrument, isin, unit_price,
         volume, total_amount, currency, total_amount_eur, total_amount_usd, venue, lines, remarks, footnotes,
         extras, content_hash, signal_score, signal_version, signal_is_cluster, signal_cluster_size,
         signal_computed_at, ingested_at, updated_at)
       select
         upper(m.source) || ':B' || lpad(r.g::text, 9, '0'),
         m.source, 'B' || lpad(r.g::text, 9, '0'), c.market, m.regulator,
         case when r.amend then '4/A' else '4' end,
         'https://filings.example/' || m.source || '/' || r.g,
         r.pub_date, (r.pub_date - r.r_delay * 5 * interval '1 day')::date,
         floor(r.r_delay * 5)::int,
         r.direction, r.amend, null, null, true, r.r_planned < 0.2,
         case when r.r_planned < 0.2 then 'checkbox' end,
         c.id, i.id, '{}', r.role, initcap(lower(replace(r.role, '_', ' '))),
         r.role in ('DIRECTOR', 'CHAIR', 'CEO'), r.role in ('CEO', 'CFO', 'OTHER_OFFICER'),
         r.role = 'TEN_PCT_OWNER', r.role = 'CLOSELY_ASSOCIATED', '[]'::jsonb,
         r.nature, left(r.nature, 1), 'Common Stock', null,
         round((r.amount / r.shares)::numeric, 4)::float8, r.shares, round(r.amount::numeric, 2)::float8, m.currency,
         round((r.amount * 0.92)::numeric, 2)::float8, round(r.amount::numeric, 2)::float8, null,
         jsonb_build_array(jsonb_build_object(
           'line', 1, 'kind', 'transaction', 'code', left(r.nature, 1), 'nature', r.nature,
           'securityTitle', 'Common Stock', 'isin', null, 'isDerivative', false,
           'transactionDate', (r.pub_date - r.r_delay * 5 * interval '1 day')::date,
           'shares', r.shares, 'price', round((r.amount / r.shares)::numeric, 4), 'amount', round(r.amount::numeric, 2),
           'currency', m.currency, 'acquiredDisposed', case when r.direction = 'SELL' then 'D' else 'A' end,
           'sharesOwnedAfter', r.shares * 10, 'directIndirect', 'D', 'natureOfOwnership', null, 'venue', null,
           'footnotes', '[]'::jsonb, 'footnoteRefs', '[]'::jsonb, 'derivative', null)),
         null, '{}'::jsonb, '{}'::jsonb, md5(r.g::text),
         r.score, case when r.score is not null then 'v3' end,
         case when r.score is not null then r.r_cluster < 0.08 end,
         case when r.score is not null then case when r.r_cluster < 0.08 then 3 else 1 end end,
         case when r.score is not null then r.pub_date + interval '10 minutes' end,
         r.pub_date, r.pub_date + interval '1 second'
       from (
         select g,
                date_trunc('milliseconds', ?::timestamptz - (power(r_age, 1.3) * ? * interval '365 days')) as pub_date,
                floor(? * power(r_company, 2.6))::int as company_idx, r_insider, r_delay, r_planned, r_cluster,
                r_dir < 0.12 as amend,
                case when r_dir < 0.35 then 'BUY' when r_dir < 0.85 then 'SELL' end as direction,
                case when r_dir < 0.35 then 'BUY' when r_dir < 0.85 then 'SELL'
                     when r_dir < 0.92 then 'AWARD' when r_dir < 0.96 then 'EXERCISE'
                     when r_dir < 0.98 then 'TAX_WITHHOLDING' else 'GIFT' end as nature,
                (array['CEO','CFO','CHAIR','OTHER_OFFICER','DIRECTOR','DIRECTOR','DIRECTOR','TEN_PCT_OWNER','CLOSELY_ASSOCIATED','OTHER'])[1 + floor(r_role * 10)::int] as role,
                exp(ln(2000) + (r_amount1 + r_amount2 + r_amount3) / 3 * ln(20000)) as amount,
                1 + floor(exp(ln(10) + r_amount2 * ln(5000))) as shares,
                case when r_dir < 0.85 and r_scored < 0.95 then round((100 * power(r_score, 3.2))::numeric, 1)::float8 end as score
           from (
             select g, random() as r_age, random() as r_company, random() as r_insider, random() as r_delay,
                    random() as r_planned, random() as r_cluster, random() as r_dir, random() as r_role,
                    random() as r_amount1, random() as r_amount2, random() as r_amount3, random() as r_scored,
                    random() as r_score
               from generate_series(1, ?) g
           ) raw
       ) r
       join bench_c c on c.idx = r.company_idx
       join bench_m m on m.market = c.market
       join bench_i i on i.idx = (c.idx * 7 + floor(r.r_insider * 9)::int) % ?`,
      [until.toISOString(), years, companyCount, options.declarations, insiderCount],
    );
  });

  if (options.marketData) await generateMarketData(db, until, years);

  const now = new Date();
  for (const m of MARKETS) {
    await db('sources').insert({ source: m.source, status: 'idle', last_success_at: now, last_attempt_at: now }).onConflict('source').merge();
  }
  for (const block of ['prices', 'fx', 'scoring', 'backtest']) {
    await db('data_freshness').insert({ block, updated_at: now }).onConflict('block').merge();
  }
  await db.raw("select setval(pg_get_serial_sequence('companies', 'id'), (select max(id) from companies))");
  await db.raw('vacuum analyze declarations');
  await db.raw('vacuum analyze companies');
  await db.raw('vacuum analyze insiders');
  return { declarations: options.declarations, companies: companyCount, insiders: insiderCount, until: until.toISOString() };
}

/** Bars, snapshots and FX for every company (symbol `BENCH<id>`), in three INSERT … SELECTs. */
async function generateMarketData(db: Db, until: Date, years: number): Promise<void> {
  const from = new Date(until.getTime() - (years + 1) * 365 * 86_400_000).toISOString().slice(0, 10);
  const to = until.toISOString().slice(0, 10);
  await db.raw("update companies set yahoo_symbol = 'BENCH' || id");
  await db.raw(
    `insert into price_bars (symbol, date, open, high, low, close, adj_close, volume, currency)
     select c.yahoo_symbol, d::date, p, p, p, p, p, 1000 + c.id % 5000, c.currency
       from companies c, generate_series(?::date, ?::date, interval '1 day') d,
            lateral (select 10 + 5 * sin(c.id + extract(epoch from d) / 5e6) as p) price
      where extract(isodow from d) < 6`,
    [from, to],
  );
  await db.raw(
    `insert into quote_snapshots (symbol, as_of, currency, market_cap, shares_outstanding, price)
     select c.yahoo_symbol, make_date(y, 1, 2), c.currency, c.market_cap_eur, c.market_cap_eur / 10, 10
       from companies c, generate_series(extract(year from ?::date)::int, extract(year from ?::date)::int) y`,
    [from, to],
  );
  await db.raw(
    `insert into fx_rates (base, quote, date, rate)
     select cur, 'EUR', d::date, r
       from (values ('USD', 0.9), ('GBP', 1.15), ('CHF', 1.02), ('CAD', 0.68)) v(cur, r),
            generate_series(?::date, ?::date, interval '1 day') d
     on conflict do nothing`,
    [from, to],
  );
  await db.raw('vacuum analyze price_bars');
  await db.raw('analyze quote_snapshots');
  await db.raw('analyze fx_rates');
}
