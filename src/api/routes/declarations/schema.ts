import { z } from 'zod';
import {
  booleanParam,
  declarationIdParam,
  directionParam,
  isinParam,
  marketsParam,
  naturesParam,
  numberParam,
  orderParam,
  paginationParams,
  rolesParam,
  searchTextParam,
  tickerParam,
  timeBoundParam,
} from '../../params.js';

export const DECLARATION_SORTS = ['pubDate', 'signalScore', 'amount', 'updatedAt'] as const;
export type DeclarationSort = (typeof DECLARATION_SORTS)[number];

const filterShape = {
  from: timeBoundParam.optional().describe('publication date lower bound, inclusive (date or timestamp)'),
  since: timeBoundParam
    .optional()
    .describe('alias of `from`, for polling new declarations: `since=<last pubDate>&sort=pubDate&order=asc` (+ `afterId`)'),
  to: timeBoundParam.optional().describe('publication date upper bound, inclusive (a bare date includes the whole day)'),
  updatedSince: timeBoundParam
    .optional()
    .describe('every change at or after this instant (new, amended, rescored): `updatedSince=<last updatedAt>&sort=updatedAt&order=asc` (+ `afterId`)'),
  afterId: declarationIdParam
    .optional()
    .describe(
      'keyset continuation for polling: with `since` (sort=pubDate) or `updatedSince` (sort=updatedAt), order=asc, returns rows strictly after (timestamp, afterId); without it the timestamp bound is inclusive',
    ),
  minScore: numberParam(0, 100).optional().describe('signal score ≥ this (0–100); unscored declarations are excluded'),
  maxScore: numberParam(0, 100).optional().describe('signal score ≤ this (0–100)'),
  direction: directionParam.optional(),
  nature: naturesParam.optional(),
  cluster: booleanParam.optional().describe('only (true) or never (false) part of an insider cluster'),
  planned: booleanParam.optional().describe('only (true) or never (false) pre-planned trades (10b5-1 plans, programmes)'),
  minAmount: numberParam(0, 1e15).optional().describe('transaction total in EUR ≥ this'),
  maxAmount: numberParam(0, 1e15).optional().describe('transaction total in EUR ≤ this'),
  company: searchTextParam.optional().describe('company name contains every word (accents and case ignored)'),
  insider: searchTextParam.optional().describe('insider name contains every word (accents and case ignored)'),
  isin: isinParam.optional().describe("the company's or the instrument's ISIN"),
  ticker: tickerParam.optional(),
  role: rolesParam.optional(),
  market: marketsParam.optional(),
  sort: z.enum(DECLARATION_SORTS, { error: `must be one of ${DECLARATION_SORTS.join(', ')}` }).default('pubDate'),
  order: orderParam.default('desc'),
  include: z.enum(['backtest'], { error: 'must be backtest' }).optional().describe('add each declaration\'s backtest'),
  ...paginationParams,
};

type FilterInput = z.infer<z.ZodObject<typeof filterShape>>;

function checkCombinations(q: FilterInput, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (q.from && q.since) problem('since', 'is an alias of from; send one of them');
  if (q.minScore !== undefined && q.maxScore !== undefined && q.minScore > q.maxScore) problem('minScore', 'must not exceed maxScore');
  if (q.minAmount !== undefined && q.maxAmount !== undefined && q.minAmount > q.maxAmount) problem('minAmount', 'must not exceed maxAmount');
  const lower = q.from ?? q.since;
  if (lower && q.to && lower.at.getTime() > q.to.at.getTime()) problem('to', 'must not be before from/since');
  if (q.afterId) {
    if (q.order !== 'asc') problem('afterId', 'needs order=asc');
    else if (q.sort === 'pubDate' && !lower) problem('afterId', 'with sort=pubDate needs since (or from)');
    else if (q.sort === 'updatedAt' && !q.updatedSince) problem('afterId', 'with sort=updatedAt needs updatedSince');
    else if (q.sort !== 'pubDate' && q.sort !== 'updatedAt') problem('afterId', 'needs sort=pubDate or sort=updatedAt');
  }
}

export const DeclarationListQuery = z.strictObject(filterShape).superRefine(checkCombinations);
export type DeclarationListQuery = z.infer<typeof DeclarationListQuery>;

export const DeclarationIdParams = z.strictObject({ id: declarationIdParam });
