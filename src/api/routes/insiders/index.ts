import { z } from 'zod';
import { marketsParam, paginationParams, searchTextParam, slugParam } from '../../params.js';
import { DeclarationListingSchema, InsiderProfileSchema, InsiderSummarySchema, listingOf } from '../../responses.js';
import { defineRoute } from '../../types.js';
import { declarationListing } from '../declarations/handler.js';
import { DeclarationListQuery } from '../declarations/schema.js';
import { findInsider, insiderProfile, listInsiders } from './handler.js';

export const InsiderListQuery = z.strictObject({
  q: searchTextParam.optional().describe('name contains every word (accents and case ignored), ranked by similarity'),
  market: marketsParam.optional().describe('insiders who declared in these markets'),
  ...paginationParams,
});

export const InsiderSlugParams = z.strictObject({ slug: slugParam });

export const insiderRoutes = [
  defineRoute({
    name: 'listInsiders',
    path: '/insiders',
    tag: 'Insiders',
    summary: 'Search and list insiders (people and entities that declared)',
    query: InsiderListQuery,
    response: listingOf(InsiderSummarySchema),
    listing: true,
    sandbox: true,
    handler: ({ db, query }) => listInsiders(db, query),
  }),
  defineRoute({
    name: 'getInsider',
    path: '/insiders/:slug',
    tag: 'Insiders',
    summary: 'Insider profile: companies and roles, stats, track record of past scored buys',
    query: z.strictObject({}),
    params: InsiderSlugParams,
    response: InsiderProfileSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, params }) => insiderProfile(db, params.slug),
  }),
  defineRoute({
    name: 'listInsiderDeclarations',
    path: '/insiders/:slug/declarations',
    tag: 'Insiders',
    summary: "The insider's declarations, including joint filings they co-signed (same filters as /declarations)",
    query: DeclarationListQuery,
    params: InsiderSlugParams,
    response: DeclarationListingSchema,
    listing: true,
    sandbox: true,
    handler: async ({ db, params, query }) => {
      const insider = await findInsider(db, params.slug);
      return declarationListing(db, query, { insiderId: Number(insider.id) });
    },
  }),
];
