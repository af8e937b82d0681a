import { z } from 'zod';
import { keyUsage } from '../../../auth/usage.js';
import { errors } from '../../errors.js';
import { nextUtcMidnight } from '../../middleware/rate-limit.js';
import { MeSchema } from '../../responses.js';
import { defineRoute } from '../../types.js';

export const meRoutes = [
  defineRoute({
    name: 'getMe',
    path: '/me',
    tag: 'Account',
    summary: 'The key in use, its account and plan, and usage against the daily quota',
    query: z.strictObject({}),
    response: MeSchema,
    listing: false,
    sandbox: false,
    handler: async ({ db, auth }) => {
      if (!auth) throw errors.forbidden('/me describes an API key; call it with your key, not through the sandbox.');
      const [row, usage, now] = await Promise.all([
        db('api_keys as k')
          .join('accounts as a', 'a.id', 'k.account_id')
          .where('k.id', auth.keyId)
          .first('k.prefix', 'k.name', 'k.created_at', 'a.id as account_id', 'a.name as account_name', 'a.created_at as account_created_at', 'a.plan'),
        keyUsage(db, auth.keyId, auth.accountId),
        db.raw<{ rows: Array<{ now: Date }> }>('select now() as now'),
      ]);
      return {
        account: { id: Number(row.account_id), name: row.account_name, createdAt: (row.account_created_at as Date).toISOString() },
        key: {
          prefix: row.prefix,
          name: row.name,
          createdAt: (row.created_at as Date).toISOString(),
          lastUsedAt: usage.lastUsedAt ? usage.lastUsedAt.toISOString() : null,
        },
        plan: { name: row.plan, dailyQuota: auth.dailyQuota, burstPerSecond: auth.burstPerSecond },
        usage: {
          today: usage.today,
          total: usage.total,
          dailyQuota: auth.dailyQuota,
          accountToday: usage.accountToday,
          remainingToday: Math.max(0, auth.dailyQuota - usage.accountToday),
          resetsAt: nextUtcMidnight(now.rows[0]!.now).toISOString(),
        },
      };
    },
  }),
];
