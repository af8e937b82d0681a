import type { RouteDefinition } from '../types.js';
import { backtestRoutes } from './backtest/index.js';
import { clusterRoutes } from './clusters/index.js';
import { companyRoutes } from './companies/index.js';
import { declarationRoutes } from './declarations/index.js';
import { healthRoutes } from './health/index.js';
import { insiderRoutes } from './insiders/index.js';
import { marketRoutes } from './markets/index.js';
import { meRoutes } from './me/index.js';
import { searchRoutes } from './search/index.js';
import { signalRoutes } from './signals/index.js';

export type { RouteDefinition, RouteInput } from '../types.js';

/**
 * The 18 read-only endpoints of API.md, in the order of its table. The sandbox mounts the ones
 * with `sandbox: true` under /api/v1/sandbox with the same schemas and handlers.
 */
export const READ_ROUTES: RouteDefinition[] = [
  ...meRoutes,
  ...marketRoutes,
  ...healthRoutes,
  ...declarationRoutes,
  ...signalRoutes,
  ...clusterRoutes,
  ...companyRoutes,
  ...insiderRoutes,
  ...backtestRoutes,
  ...searchRoutes,
];
