import { parseArgs } from 'node:util';
import { topConsumers } from '../../auth/usage.js';
import { iso, positiveIntegerArg, table, UsageError, writer, type CommandDeps } from './admin-output.js';

const USAGE = 'usage: sigma usage [--top N] [--period today|total]   top API consumers by requests (default: top 10 today, UTC)';

/** `sigma usage --top N`: the keys that made the most requests. */
export async function usageCommand(argv: string[], deps: CommandDeps): Promise<number> {
  const out = writer(deps);
  try {
    const { values } = parseArgs({ args: argv, options: { top: { type: 'string' }, period: { type: 'string' } }, strict: true });
    const limit = positiveIntegerArg(values.top, 'top') ?? 10;
    const period = values.period ?? 'today';
    if (period !== 'today' && period !== 'total') throw new UsageError('--period must be today or total');
    const rows = await topConsumers(deps.db, { limit, period });
    if (rows.length === 0) {
      out(period === 'today' ? 'no API requests today (UTC)' : 'no API requests yet');
      return 0;
    }
    out(
      table(
        ['rank', 'key', 'name', 'account', 'today', 'total', 'last used', 'revoked'],
        rows.map((r, i) => [i + 1, `${r.keyId} ${r.prefix}…`, r.keyName, `${r.accountId} ${r.accountName}`, r.today, r.total, iso(r.lastUsedAt), r.revoked ? 'yes' : 'no']),
      ),
    );
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    deps.log.error(error instanceof Error ? error.message : String(error));
    if (usage) out(USAGE);
    return usage ? 2 : 1;
  }
}
