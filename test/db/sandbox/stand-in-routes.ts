import { z } from 'zod';
import type { Db } from '../../../src/db/knex.js';
import type { RouteDefinition, RouteInput } from '../../../src/sandbox/route-definition.js';

/**
 * Small read routes in the keyed API's RouteDefinition shape, over the real tables, so the
 * sandbox can be exercised end to end before (and independently of) the real READ_ROUTES.
 */
class NotFound extends Error {
  readonly status = 404;
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Types a route's handler by its own schemas, as the keyed API's route folders do. */
function defineRoute<Q extends z.ZodType, P extends z.ZodType = z.ZodType<Record<string, string>>>(route: {
  name: string;
  path: string;
  query: Q;
  params?: P;
  listing: boolean;
  sandbox: boolean;
  handler: (input: Omit<RouteInput, 'query' | 'params'> & { query: z.output<Q>; params: z.output<P> }) => Promise<object>;
}): RouteDefinition {
  return { ...route, handler: (input: RouteInput) => route.handler(input as Parameters<typeof route.handler>[0]) };
}

const listingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

interface DeclarationRow {
  id: string;
  market: string;
  pub_date: Date;
  direction: string | null;
  total_amount: number | null;
  currency: string | null;
  signal_score: number | null;
  signal_version: string | null;
  company_slug: string;
  company_name: string;
  insider_slug: string;
  insider_name: string;
  insider_role: string;
}

function declarationsQuery(db: Db) {
  return db('declarations as d')
    .join('companies as c', 'c.id', 'd.company_id')
    .join('insiders as i', 'i.id', 'd.insider_id')
    .where('d.is_canonical', true)
    .select(
      'd.id', 'd.market', 'd.pub_date', 'd.direction', 'd.total_amount', 'd.currency', 'd.signal_score', 'd.signal_version',
      'c.slug as company_slug', 'c.name as company_name', 'i.slug as insider_slug', 'i.name as insider_name', 'd.insider_role',
    );
}

function present(row: DeclarationRow) {
  return {
    id: row.id,
    market: row.market,
    pubDate: row.pub_date.toISOString(),
    direction: row.direction,
    company: { slug: row.company_slug, name: row.company_name },
    insider: { slug: row.insider_slug, name: row.insider_name, role: row.insider_role },
    transaction: { totalAmount: row.total_amount, currency: row.currency },
    signal: row.signal_score === null ? null : { score: row.signal_score, version: row.signal_version },
  };
}

export const STAND_IN_ROUTES: RouteDefinition[] = [
  defineRoute({
    name: 'listDeclarations',
    path: '/declarations',
    query: listingQuery,
    listing: true,
    sandbox: true,
    async handler({ db, query }) {
      const rows = (await declarationsQuery(db).orderBy([{ column: 'd.pub_date', order: 'desc' }, 'd.id']).limit(query.limit).offset(query.offset)) as DeclarationRow[];
      const [{ total }] = (await db('declarations').where('is_canonical', true).count({ total: '*' })) as [{ total: number }];
      return { items: rows.map(present), total, limit: query.limit, offset: query.offset };
    },
  }),
  defineRoute({
    name: 'declarationScore',
    path: '/declarations/:id/score',
    query: z.object({}),
    params: z.object({ id: z.string().min(3) }),
    listing: false,
    sandbox: true,
    async handler({ db, params }) {
      const row = (await db('signals').where({ declaration_id: params.id }).first()) as
        | { declaration_id: string; version: string; direction: string | null; score: number | null; factors: unknown; inputs: unknown }
        | undefined;
      if (!row) throw new NotFound('declaration_not_found', `No scored declaration has id ${params.id}.`);
      return { declarationId: row.declaration_id, version: row.version, direction: row.direction, score: row.score, factors: row.factors, inputs: row.inputs };
    },
  }),
  defineRoute({
    name: 'signals',
    path: '/signals',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    listing: true,
    sandbox: true,
    async handler({ db, query }) {
      const rows = (await declarationsQuery(db).whereNotNull('d.signal_score').orderBy('d.signal_score', 'desc').limit(query.limit)) as DeclarationRow[];
      return { items: rows.map(present), total: rows.length, limit: query.limit, offset: 0 };
    },
  }),
  defineRoute({
    name: 'companyFlow',
    path: '/companies/:slug/flow',
    query: z.object({ bucket: z.enum(['month', 'week']).default('month') }),
    params: z.object({ slug: z.string().min(1) }),
    listing: false,
    sandbox: true,
    async handler({ db, params }) {
      const company = (await db('companies').where({ slug: params.slug }).first('id', 'slug', 'name')) as
        | { id: number; slug: string; name: string }
        | undefined;
      if (!company) throw new NotFound('company_not_found', `No company has slug ${params.slug}.`);
      const { rows } = await db.raw<{ rows: Array<{ period: string; buys: number; sells: number; declarations: number }> }>(
        `select to_char(date_trunc('month', pub_date at time zone 'UTC'), 'YYYY-MM') as period,
                coalesce(sum(total_amount) filter (where direction = 'BUY'), 0) as buys,
                coalesce(sum(total_amount) filter (where direction = 'SELL'), 0) as sells,
                count(*)::int as declarations
           from declarations where company_id = ? group by 1 order by 1`,
        [company.id],
      );
      return {
        company: { slug: company.slug, name: company.name },
        bucket: 'month',
        buckets: rows.map((r) => ({ period: r.period, buyAmount: r.buys, sellAmount: r.sells, net: r.buys - r.sells, declarations: r.declarations })),
      };
    },
  }),
  defineRoute({
    // Not a listing, but it takes a limit: the sandbox caps it all the same.
    name: 'search',
    path: '/search',
    query: z.object({ q: z.string().min(2), limit: z.coerce.number().int().min(1).max(50).default(8) }),
    listing: false,
    sandbox: true,
    async handler({ db, query }) {
      const companies = (await db('companies').whereILike('name', `%${query.q}%`).limit(query.limit).select('slug', 'name')) as Array<{ slug: string; name: string }>;
      return { companies, limit: query.limit };
    },
  }),
  defineRoute({
    name: 'me',
    path: '/me',
    query: z.object({}),
    listing: false,
    sandbox: false,
    async handler() {
      return { owner: 'nobody' };
    },
  }),
  defineRoute({
    // Flagged sandbox on purpose: the sandbox must refuse export routes whatever the flag says.
    name: 'exportDeclarations',
    path: '/export/declarations',
    query: z.object({}),
    listing: false,
    sandbox: true,
    async handler() {
      return { exported: true };
    },
  }),
];
