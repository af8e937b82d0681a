import { z } from 'zod';
import type { Db } from '../../../db/knex.js';
import { pageWindow, queryPrepared } from '../../../db/prepared.js';
import { intParam, ISIN_PATTERN } from '../../params.js';
import { foldedQuery, whereNameMatches } from '../../queries/text-search.js';
import { SearchResultSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';
import { companySummary, pageOfCompanies } from '../companies/handler.js';
import { insiderSummary, pageOfInsiders } from '../insiders/handler.js';

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(2, 'must be at least 2 characters').max(100, 'must be at most 100 characters'))
    .describe('a name (accents and case ignored), ISIN, ticker or declaration id'),
  limit: intParam(1, 50).default(8).describe('results per kind'),
});

const DECLARATION_ID = /^[A-Z0-9_]+:\S+$/i;
const TICKER = /^[A-Za-z0-9][A-Za-z0-9.\-/]{0,19}$/;

/**
 * Companies, insiders and declarations for one query string. Exact identifiers come first: an ISIN
 * (issuer or instrument), a ticker, a declaration id; then names, ranked by trigram similarity.
 * Declarations: the one named by id and those on the ISIN, then the most recent canonical
 * declarations of the companies found, newest first (ties by id), at most `limit` in all.
 */
export async function search(db: Db, text: string, limit: number) {
  const upper = text.toUpperCase();
  const isIsin = ISIN_PATTERN.test(upper);
  const isTicker = TICKER.test(text) && !text.includes(':');
  const isDeclarationId = DECLARATION_ID.test(text);

  const companyMatches = db('companies as c').where((w) => {
    w.where((n) => {
      whereNameMatches(n, 'c.search_name', text);
    });
    if (isIsin) w.orWhere('c.isin', upper).orWhereIn('c.id', db('company_identifiers').select('company_id').where({ scheme: 'ISIN', value: upper }));
    if (isTicker) w.orWhereRaw('upper(c.ticker) = ?', [upper]);
    });
  // Exact identifiers first, then name similarity.
  const companies = pageOfCompanies(
    db,
    companyMatches,
    `(case when c.isin = ? or upper(c.ticker) = ? then 0 else 1 end), similarity(c.search_name, ?) desc, c.id`,
    [upper, upper, foldedQuery(text)],
    { limit, offset: 0 },
  );
  const insiders = pageOfInsiders(db, whereNameMatches(db('insiders as i'), 'i.search_name', text), 'similarity(i.search_name, ?) desc, i.id', [foldedQuery(text)], {
    limit,
    offset: 0,
  });

  const declarationColumns = [
    'd.id',
    'd.pub_date',
    'd.direction',
    'd.total_amount_eur',
    'd.signal_score',
    'c.slug as company_slug',
    'c.name as company_name',
    'i.slug as insider_slug',
    'i.name as insider_name',
  ];
  const exactDeclarations =
    isDeclarationId || isIsin
      ? db('declarations as d')
          .join('companies as c', 'c.id', 'd.company_id')
          .join('insiders as i', 'i.id', 'd.insider_id')
          .where((w) => {
            w.whereRaw('false');
            if (isDeclarationId) w.orWhere('d.id', text.replace(/^[a-z_0-9]+:/i, (p) => p.toUpperCase()));
            if (isIsin) w.orWhere((x) => x.where('d.isin', upper).whereRaw('d.is_canonical'));
          })
          .orderBy([{ column: 'd.pub_date', order: 'desc' }, { column: 'd.id', order: 'desc' }])
          .select(declarationColumns)
      : null;

  // Prepared statements: PostgreSQL keeps a generic plan per shape where it costs no more than
  // planning every call (planning was most of a search's database time).
  const [companyRows, insiderRows, exactRows] = await Promise.all([
    queryPrepared<Parameters<typeof companySummary>[0]>(db, companies),
    queryPrepared<Parameters<typeof insiderSummary>[0]>(db, insiders),
    exactDeclarations ? queryPrepared<Record<string, unknown>>(db, pageWindow(exactDeclarations, { limit })) : [],
  ]);
  // Then the newest declarations of the companies found (by ticker, ISIN or name): each company's
  // latest few through its (company_id, pub_date) index, merged newest first, ties by id.
  const companyIds = (companyRows as Array<{ id: number }>).map((r) => Number(r.id));
  const recentRows =
    companyIds.length > 0 && exactRows.length < limit
      ? await queryPrepared<Record<string, unknown>>(
          db,
          pageWindow(
            db
              .select(declarationColumns)
              .from(db.raw('unnest(?::bigint[]) as m(company_id)', [companyIds]))
              .joinRaw(
                `cross join lateral (
                   select * from declarations x where x.company_id = m.company_id and x.is_canonical
                    order by x.pub_date desc, x.id desc limit ${Number(limit)}
                 ) d`,
              )
              .join('companies as c', 'c.id', 'd.company_id')
              .join('insiders as i', 'i.id', 'd.insider_id')
              .orderBy([{ column: 'd.pub_date', order: 'desc' }, { column: 'd.id', order: 'desc' }]),
            { limit },
          ),
        )
      : [];
  const exactIds = new Set((exactRows as Array<{ id: string }>).map((r) => r.id));
  const declarationRows = [...exactRows, ...(recentRows as Array<{ id: string }>).filter((r) => !exactIds.has(r.id))].slice(0, limit);
  return {
    query: text,
    companies: companyRows.map(companySummary),
    insiders: insiderRows.map(insiderSummary),
    declarations: (declarationRows as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as string,
      pubDate: (r.pub_date as Date).toISOString(),
      direction: r.direction as 'BUY' | 'SELL' | null,
      company: { slug: r.company_slug as string, name: r.company_name as string },
      insider: { slug: r.insider_slug as string, name: r.insider_name as string },
      totalAmountEur: r.total_amount_eur as number | null,
      signalScore: r.signal_score as number | null,
    })),
  };
}

export const searchRoutes = [
  defineRoute({
    name: 'search',
    path: '/search',
    tag: 'Search',
    summary: 'Companies, insiders and declarations by name, ISIN, ticker or declaration id',
    query: SearchQuery,
    response: SearchResultSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, query }) => search(db, query.q, query.limit),
  }),
];
