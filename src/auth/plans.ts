/**
 * The plans an account can be on: a daily request quota (per account, resets 00:00 UTC) and a
 * burst limit (requests per second, per key). An account copies its plan's numbers at creation,
 * so they can be raised for one customer without inventing a plan.
 */
export const PLANS = {
  free: { dailyQuota: 1_000, burstPerSecond: 10 },
  standard: { dailyQuota: 50_000, burstPerSecond: 10 },
  pro: { dailyQuota: 1_000_000, burstPerSecond: 50 },
} as const satisfies Record<string, { dailyQuota: number; burstPerSecond: number }>;

export type PlanName = keyof typeof PLANS;
export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];
export const DEFAULT_PLAN: PlanName = 'standard';

export function isPlanName(value: string): value is PlanName {
  return Object.hasOwn(PLANS, value);
}
