import type { Knex } from 'knex';

/**
 * The columns a declaration object is made of. `lines` and `co_reporters` come as JSON text and
 * are spliced into the response verbatim; everything else is mapped in `declarationJson`.
 * (Building the object here rather than with json_build_object in PostgreSQL halves a listing's
 * cost: PostgreSQL's JSON and date formatting were most of it.)
 */
export const DECLARATION_COLUMNS = [
  'd.id', 'd.source', 'd.market', 'd.regulator', 'd.form_type', 'd.filing_url', 'd.pub_date', 'd.transaction_date',
  'd.filing_delay_days', 'd.direction', 'd.is_amendment', 'd.amends', 'd.amended_by', 'd.is_planned',
  'd.planned_evidence', 'c.slug as company_slug', 'c.name as company_name', 'c.isin as company_isin',
  'c.ticker as company_ticker', 'c.market as company_market', 'c.market_cap_eur as company_market_cap_eur',
  'i.slug as insider_slug', 'i.name as insider_name', 'd.insider_role', 'd.insider_role_raw', 'd.is_director',
  'd.is_officer', 'd.is_ten_pct_owner', 'd.is_closely_associated', 'd.co_reporters', 'd.nature', 'd.nature_raw',
  'd.instrument', 'd.isin', 'd.unit_price', 'd.volume', 'd.total_amount', 'd.currency', 'd.total_amount_eur',
  'd.total_amount_usd', 'd.venue', 'd.signal_score', 'd.signal_version', 'd.signal_is_cluster',
  'd.signal_cluster_size', 'd.signal_computed_at', 'd.remarks', 'd.ingested_at', 'd.updated_at',
] as const;

export function selectDeclarationColumns(db: Knex, q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.select(...DECLARATION_COLUMNS, db.raw('d.lines::text as lines_json'));
}

export interface DeclarationRow {
  id: string;
  source: string;
  market: string;
  regulator: string;
  form_type: string;
  filing_url: string | null;
  pub_date: string;
  transaction_date: string | null;
  filing_delay_days: number | null;
  direction: 'BUY' | 'SELL' | null;
  is_amendment: boolean;
  amends: string | null;
  amended_by: string | null;
  is_planned: boolean | null;
  planned_evidence: string | null;
  company_slug: string;
  company_name: string;
  company_isin: string | null;
  company_ticker: string | null;
  company_market: string;
  company_market_cap_eur: number | null;
  insider_slug: string;
  insider_name: string;
  insider_role: string;
  insider_role_raw: string | null;
  is_director: boolean;
  is_officer: boolean;
  is_ten_pct_owner: boolean;
  is_closely_associated: boolean;
  co_reporters: unknown;
  nature: string | null;
  nature_raw: string | null;
  instrument: string | null;
  isin: string | null;
  unit_price: number | null;
  volume: number | null;
  total_amount: number | null;
  currency: string | null;
  total_amount_eur: number | null;
  total_amount_usd: number | null;
  venue: string | null;
  signal_score: number | null;
  signal_version: string | null;
  signal_is_cluster: boolean | null;
  signal_cluster_size: number | null;
  signal_computed_at: string | null;
  remarks: string | null;
  ingested_at: string;
  updated_at: string;
  lines_json: string;
}

function coReporters(value: unknown) {
  if (!Array.isArray(value)) return [];
  return value.map((x: Record<string, unknown>) => ({
    name: typeof x.name === 'string' ? x.name : '',
    externalId: typeof x.externalId === 'string' ? x.externalId : null,
    role: typeof x.role === 'string' ? x.role : 'OTHER',
    roleRaw: typeof x.roleRaw === 'string' ? x.roleRaw : null,
  }));
}

/**
 * The declaration object of API.md from one row, as JSON text: the stored lines are spliced in
 * verbatim (they are JSON already), and `backtest` is appended when given.
 */
export function declarationJson(r: DeclarationRow, backtest?: string): string {
  const head = JSON.stringify({
    id: r.id,
    source: r.source,
    market: r.market,
    regulator: r.regulator,
    formType: r.form_type,
    filingUrl: r.filing_url,
    pubDate: r.pub_date,
    transactionDate: r.transaction_date,
    filingDelayDays: r.filing_delay_days,
    direction: r.direction,
    isAmendment: r.is_amendment,
    amends: r.amends,
    amendedBy: r.amended_by,
    isPlanned: r.is_planned,
    plannedEvidence: r.planned_evidence,
    company: {
      slug: r.company_slug,
      name: r.company_name,
      isin: r.company_isin,
      ticker: r.company_ticker,
      market: r.company_market,
      marketCapEur: r.company_market_cap_eur,
    },
    insider: {
      slug: r.insider_slug,
      name: r.insider_name,
      role: r.insider_role,
      roleRaw: r.insider_role_raw,
      isDirector: r.is_director,
      isOfficer: r.is_officer,
      isTenPctOwner: r.is_ten_pct_owner,
      isCloselyAssociated: r.is_closely_associated,
    },
    coReporters: coReporters(r.co_reporters),
    transaction: {
      nature: r.nature,
      natureRaw: r.nature_raw,
      instrument: r.instrument,
      isin: r.isin,
      unitPrice: r.unit_price,
      volume: r.volume,
      totalAmount: r.total_amount,
      currency: r.currency,
      totalAmountEur: r.total_amount_eur,
      totalAmountUsd: r.total_amount_usd,
      venue: r.venue,
    },
  });
  const tail = JSON.stringify({
    signal:
      r.signal_version === null || r.signal_computed_at === null
        ? null
        : {
            score: r.signal_score,
            version: r.signal_version,
            isCluster: r.signal_is_cluster ?? false,
            clusterSize: r.signal_cluster_size ?? 0,
            computedAt: r.signal_computed_at,
          },
    remarks: r.remarks,
    ingestedAt: r.ingested_at,
    updatedAt: r.updated_at,
  });
  const lines = r.lines_json.startsWith('[') ? r.lines_json : '[]';
  const backtestPart = backtest ? `,"backtest":${backtest}` : '';
  return `${head.slice(0, -1)},"lines":${lines},${tail.slice(1, -1)}${backtestPart}}`;
}
