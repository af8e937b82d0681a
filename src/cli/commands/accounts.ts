import { parseArgs } from 'node:util';
import { createAccount, listAccounts } from '../../auth/accounts.js';
import { PLAN_NAMES, PLANS } from '../../auth/plans.js';
import { iso, positiveIntegerArg, table, UsageError, writer, type CommandDeps } from './admin-output.js';

const USAGE = `usage:
  sigma accounts create --name <name> [--email <email>] [--plan ${PLAN_NAMES.join('|')}] [--daily-quota N] [--burst N]
  sigma accounts list
plans: ${PLAN_NAMES.map((p) => `${p} (${PLANS[p].dailyQuota}/day, ${PLANS[p].burstPerSecond}/s)`).join(', ')}`;

/** `sigma accounts create|list`. */
export async function accountsCommand(argv: string[], deps: CommandDeps): Promise<number> {
  const out = writer(deps);
  const [sub, ...rest] = argv;
  try {
    if (sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: {
          name: { type: 'string' },
          email: { type: 'string' },
          plan: { type: 'string' },
          'daily-quota': { type: 'string' },
          burst: { type: 'string' },
        },
        strict: true,
      });
      if (!values.name) throw new UsageError('--name is required');
      const account = await createAccount(deps.db, {
        name: values.name,
        email: values.email ?? null,
        plan: values.plan,
        dailyQuota: positiveIntegerArg(values['daily-quota'], 'daily-quota'),
        burstPerSecond: positiveIntegerArg(values.burst, 'burst'),
      });
      out(`account ${account.id} created: "${account.name}", plan ${account.plan} (${account.dailyQuota} requests/day, ${account.burstPerSecond}/s per key)`);
      out(`next: sigma keys create --account ${account.id} --name <key name>`);
      return 0;
    }
    if (sub === 'list') {
      parseArgs({ args: rest, options: {}, strict: true });
      const accounts = await listAccounts(deps.db);
      out(
        table(
          ['id', 'name', 'email', 'plan', 'daily quota', 'burst/s', 'created'],
          accounts.map((a) => [a.id, a.name, a.email, a.plan, a.dailyQuota, a.burstPerSecond, iso(a.createdAt)]),
        ),
      );
      return 0;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
  } catch (error) {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    deps.log.error(error instanceof Error ? error.message : String(error));
    if (usage) out(USAGE);
    return usage ? 2 : 1;
  }
}
