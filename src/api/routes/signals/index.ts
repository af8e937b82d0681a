import { z } from 'zod';
import { listDeclarations } from '../../queries/declarations.js';
import { directionParam, intParam, marketsParam, numberParam } from '../../params.js';
import { DeclarationListingSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';

export const SignalsQuery = z.strictObject({
  direction: directionParam.default('BUY'),
  lookbackDays: intParam(1, 365).default(7).describe('published within this many days'),
  minScore: numberParam(0, 100).default(40),
  market: marketsParam.optional(),
  limit: intParam(1, 100).default(20),
  offset: intParam(0, 1_000_000).default(0),
});

export const signalRoutes = [
  defineRoute({
    name: 'listSignals',
    path: '/signals',
    tag: 'Signals',
    summary: 'Top-scored declarations over a look-back window',
    description: 'Highest score first (then newest). Empty until declarations have been scored.',
    query: SignalsQuery,
    response: DeclarationListingSchema,
    listing: true,
    sandbox: true,
    handler: async ({ db, query }) => {
      const { items, total, totalIsExact } = await listDeclarations(
        db,
        {
          direction: query.direction,
          minScore: query.minScore,
          market: query.market,
          publishedAfter: new Date(Date.now() - query.lookbackDays * 86_400_000),
        },
        { sort: 'signalScore', order: 'desc' },
        { limit: query.limit, offset: query.offset, includeBacktest: false },
      );
      return { items, total, totalIsExact, limit: query.limit, offset: query.offset };
    },
  }),
];
