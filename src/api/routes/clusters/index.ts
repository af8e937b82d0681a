import { z } from 'zod';
import { directionParam, intParam, marketsParam, paginationParams } from '../../params.js';
import { ClusterSchema, listingOf } from '../../responses.js';
import { defineRoute } from '../../types.js';
import { listClusters } from './handler.js';

export const ClustersQuery = z.strictObject({
  direction: directionParam.default('BUY'),
  minInsiders: intParam(2, 50).default(3).describe('distinct insiders of one issuer'),
  windowDays: intParam(1, 365).default(30).describe('trades within this many days of the first'),
  lookbackDays: intParam(1, 3650).default(90).describe('declarations published within this many days'),
  market: marketsParam.optional(),
  ...paginationParams,
});

export const clusterRoutes = [
  defineRoute({
    name: 'listClusters',
    path: '/clusters',
    tag: 'Signals',
    summary: 'Cluster events: several insiders of one issuer trading the same way',
    description: 'Computed on request from canonical declarations; newest events first.',
    query: ClustersQuery,
    response: listingOf(ClusterSchema),
    listing: true,
    sandbox: true,
    handler: ({ db, query }) => listClusters(db, query),
  }),
];
