/**
 * The declaration object of API.md, built by PostgreSQL from `declarations d`, `companies c` and
 * `insiders i`. Field for field the same as `DeclarationResponseSchema` (a test holds them together).
 */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const CO_REPORTERS = `case when jsonb_typeof(d.co_reporters) = 'array' then (
    select coalesce(json_agg(json_build_object(
             'name', coalesce(x->>'name', ''), 'externalId', x->>'externalId',
             'role', coalesce(x->>'role', 'OTHER'), 'roleRaw', x->>'roleRaw') order by n), '[]'::json)
      from jsonb_array_elements(d.co_reporters) with ordinality as e(x, n))
  else '[]'::json end`;

export const DECLARATION_JSON = `json_build_object(
  'id', d.id, 'source', d.source, 'market', d.market, 'regulator', d.regulator, 'formType', d.form_type,
  'filingUrl', d.filing_url, 'pubDate', ${iso('d.pub_date')}, 'transactionDate', d.transaction_date,
  'filingDelayDays', d.filing_delay_days, 'direction', d.direction, 'isAmendment', d.is_amendment,
  'amends', d.amends, 'amendedBy', d.amended_by, 'isPlanned', d.is_planned, 'plannedEvidence', d.planned_evidence,
  'company', json_build_object('slug', c.slug, 'name', c.name, 'isin', c.isin, 'ticker', c.ticker,
                               'market', c.market, 'marketCapEur', c.market_cap_eur),
  'insider', json_build_object('slug', i.slug, 'name', i.name, 'role', d.insider_role, 'roleRaw', d.insider_role_raw,
                               'isDirector', d.is_director, 'isOfficer', d.is_officer,
                               'isTenPctOwner', d.is_ten_pct_owner, 'isCloselyAssociated', d.is_closely_associated),
  'coReporters', ${CO_REPORTERS},
  'transaction', json_build_object('nature', d.nature, 'natureRaw', d.nature_raw, 'instrument', d.instrument,
                                   'isin', d.isin, 'unitPrice', d.unit_price, 'volume', d.volume,
                                   'totalAmount', d.total_amount, 'currency', d.currency,
                                   'totalAmountEur', d.total_amount_eur, 'totalAmountUsd', d.total_amount_usd,
                                   'venue', d.venue),
  'lines', case when jsonb_typeof(d.lines) = 'array' then d.lines else '[]'::jsonb end,
  'signal', case when d.signal_version is null or d.signal_computed_at is null then null
                 else json_build_object('score', d.signal_score, 'version', d.signal_version,
                                        'isCluster', coalesce(d.signal_is_cluster, false),
                                        'clusterSize', coalesce(d.signal_cluster_size, 0),
                                        'computedAt', ${iso('d.signal_computed_at')}) end,
  'remarks', d.remarks, 'ingestedAt', ${iso('d.ingested_at')}, 'updatedAt', ${iso('d.updated_at')})`;

/** The declaration's backtest: matured horizons only; an empty list until computed. */
export const BACKTEST_JSON = `(
  select json_build_object(
           'symbol', min(b.symbol), 'entryDate', min(b.entry_date), 'entryPrice', min(b.entry_price),
           'benchmarkSymbol', min(b.benchmark_symbol),
           'horizons', coalesce(json_agg(json_build_object(
              'horizon', b.horizon, 'exitDate', b.exit_date, 'exitPrice', b.exit_price, 'rawReturn', b.raw_return,
              'benchmarkReturn', b.benchmark_return, 'excessReturn', b.excess_return,
              'computedAt', ${iso('b.computed_at')}) order by b.horizon) filter (where b.horizon is not null), '[]'::json))
    from backtest_returns b where b.declaration_id = d.id)`;

/** The declaration with `backtest` added (detail, and listings with include=backtest). */
export const DECLARATION_WITH_BACKTEST_JSON = `(${DECLARATION_JSON}::jsonb || jsonb_build_object('backtest', ${BACKTEST_JSON}))`;
