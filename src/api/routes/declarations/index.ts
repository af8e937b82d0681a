import { z } from 'zod';
import { DeclarationListingSchema, DeclarationResponseSchema, ScoreAuditSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';
import { declarationDetail, declarationListing, scoreAudit } from './handler.js';
import { DeclarationIdParams, DeclarationListQuery } from './schema.js';

const POLLING = `Polling recipe, gap-free while ingestion runs:
- every change (new, late, amended, rescored): \`updatedSince=<T0>&sort=updatedAt&order=asc\`, then repeat with \`updatedSince=<last item's updatedAt>&afterId=<last item's id>\` until a page is shorter than \`limit\`; store that pair and resume from it next time.
- new declarations by publication date: \`since=<T0>&sort=pubDate&order=asc\`, continuing with \`since=<last pubDate>&afterId=<last id>\`.
Every writing transaction gets a strictly increasing updatedAt in commit order and ties are broken by id, so a poller that follows the recipe sees every change exactly once. Without \`afterId\` the timestamp bound is inclusive.`;

export const declarationRoutes = [
  defineRoute({
    name: 'listDeclarations',
    path: '/declarations',
    tag: 'Declarations',
    summary: 'Declarations across every market, filtered and sorted',
    description: `Only canonical records are listed (an amendment is folded into the declaration it amends).\n\n${POLLING}`,
    query: DeclarationListQuery,
    response: DeclarationListingSchema,
    listing: true,
    sandbox: true,
    handler: ({ db, query }) => declarationListing(db, query),
  }),
  defineRoute({
    name: 'getDeclaration',
    path: '/declarations/:id',
    tag: 'Declarations',
    summary: 'One declaration with all its lines, signal and backtest',
    description: 'A folded amendment returns its own filing (isAmendment true, amends = the original).',
    query: z.strictObject({}),
    params: DeclarationIdParams,
    response: DeclarationResponseSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, params }) => declarationDetail(db, params.id),
  }),
  defineRoute({
    name: 'getDeclarationScore',
    path: '/declarations/:id/score',
    tag: 'Declarations',
    summary: 'Score audit: the nine factors and the point-in-time inputs used',
    description: 'All fields are null (factors empty) until the declaration has been scored.',
    query: z.strictObject({}),
    params: DeclarationIdParams,
    response: ScoreAuditSchema,
    listing: false,
    sandbox: true,
    handler: ({ db, params }) => scoreAudit(db, params.id),
  }),
];
