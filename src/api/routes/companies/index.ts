import { z } from 'zod';
import {
  isinParam,
  marketsParam,
  orderParam,
  paginationParams,
  searchTextParam,
  slugParam,
  tickerParam,
  timeBoundParam,
} from '../../params.js';
import {
  CompanyFlowSchema,
  CompanyInsiderSchema,
  CompanyProfileSchema,
  CompanySummarySchema,
  DeclarationListingSchema,
  listingOf,
} from '../../responses.js';
import { defineRoute } from '../../types.js';
import { declarationListing } from '../declarations/handler.js';
import { DeclarationListQuery } from '../declarations/schema.js';
import { companyFlow, companyInsiders, companyProfile, findCompany, listCompanies } from './handler.js';

export const CompanyListQuery = z.strictObject({
  q: searchTextParam.optional().describe('name contains every word (accents and case ignored); ranked by similarity unless sort is given'),
  isin: isinParam.optional(),
  ticker: tickerParam.optional(),
  market: marketsParam.optional(),
  sort: z.enum(['name', 'marketCap', 'declarations', 'recent'], { error: 'must be one of name, marketCap, declarations, recent' }).optional(),
  order: orderParam.optional().describe('default asc for name, desc otherwise'),
  ...paginationParams,
});

export const CompanySlugParams = z.strictObject({ slug: slugParam });

export const CompanyInsidersQuery = z.strictObject({ market: marketsParam.optional(), ...paginationParams });

export const CompanyFlowQuery = z
  .strictObject({
    bucket: z.enum(['month', 'week'], { error: 'must be month or week' }).default('month'),
    from: timeBoundParam.optional().describe('first trade date included'),
    to: timeBoundParam.optional().describe('last trade date included'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from.at > q.to.at) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

export const companyRoutes = [
  defineRoute({
    name: 'listCompanies',
    path: '/companies',
    tag: 'Companies',
    summary: 'Search and list issuers',
    query: CompanyListQuery,
    response: listingOf(CompanySummarySchema),
    listing: true,
    sandbox: true,
    handler: ({ db, query }) => listCompanies(db, query),
  }),
  defineRoute({
    name: 'getCompany',
    path: '/companies/:slug',
    tag: 'Companies',
    summary: 'Issuer profile: identifiers, market cap, counters',
    query: z.strictObject({}),
    params: CompanySlugParams,
    response: CompanyProfileSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, params }) => companyProfile(db, params.slug),
  }),
  defineRoute({
    name: 'listCompanyDeclarations',
    path: '/companies/:slug/declarations',
    tag: 'Companies',
    summary: "The issuer's declarations (same filters as /declarations)",
    query: DeclarationListQuery,
    params: CompanySlugParams,
    response: DeclarationListingSchema,
    listing: true,
    sandbox: true,
    handler: async ({ db, params, query }) => {
      const company = await findCompany(db, params.slug);
      return declarationListing(db, query, { companyId: company.id });
    },
  }),
  defineRoute({
    name: 'listCompanyInsiders',
    path: '/companies/:slug/insiders',
    tag: 'Companies',
    summary: 'Insiders of the issuer: latest role, first and last declaration, net flow',
    query: CompanyInsidersQuery,
    params: CompanySlugParams,
    response: listingOf(CompanyInsiderSchema),
    listing: true,
    sandbox: true,
    handler: ({ db, params, query }) => companyInsiders(db, params.slug, query),
  }),
  defineRoute({
    name: 'getCompanyFlow',
    path: '/companies/:slug/flow',
    tag: 'Companies',
    summary: 'Net insider buying minus selling by month or ISO week, per insider, rolling 90 days',
    query: CompanyFlowQuery,
    params: CompanySlugParams,
    response: CompanyFlowSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, params, query }) => companyFlow(db, params.slug, query),
  }),
];
