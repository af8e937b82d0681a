import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/keys.js';
import { iso, positiveIntegerArg, table, UsageError, writer, type CommandDeps } from './admin-output.js';

const USAGE = `usage:
  sigma keys create --account <account id> --name <name>   prints the key once; only its SHA-256 is stored
  sigma keys list [--account <account id>]                 every key, revoked ones included
  sigma keys revoke <key id>`;

/** `sigma keys create|list|revoke`. */
export async function keysCommand(argv: string[], deps: CommandDeps): Promise<number> {
  const out = writer(deps);
  const [sub, ...rest] = argv;
  try {
    if (sub === 'create') {
      const { values } = parseArgs({ args: rest, options: { account: { type: 'string' }, name: { type: 'string' } }, strict: true });
      const accountId = positiveIntegerArg(values.account, 'account');
      if (accountId === undefined) throw new UsageError('--account is required');
      if (!values.name) throw new UsageError('--name is required');
      const key = await createApiKey(deps.db, accountId, values.name);
      out(`key ${key.id} "${key.name}" created for account ${key.accountId}. Copy it now, it will not be shown again:`);
      out('');
      out(`  ${key.key}`);
      out('');
      out(`use it as "Authorization: Bearer ${key.prefix}…" or "X-Api-Key: ${key.prefix}…"`);
      return 0;
    }
    if (sub === 'list') {
      const { values } = parseArgs({ args: rest, options: { account: { type: 'string' } }, strict: true });
      const keys = await listApiKeys(deps.db, { accountId: positiveIntegerArg(values.account, 'account') });
      out(
        table(
          ['id', 'account', 'name', 'prefix', 'created', 'last used', 'revoked', 'today', 'total'],
          keys.map((k) => [
            k.id,
            `${k.accountId} ${k.accountName}`,
            k.name,
            `${k.prefix}…`,
            iso(k.createdAt),
            iso(k.lastUsedAt),
            iso(k.revokedAt),
            k.requestsToday,
            k.requestsTotal,
          ]),
        ),
      );
      return 0;
    }
    if (sub === 'revoke') {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError('give exactly one key id');
      const keyId = positiveIntegerArg(positionals[0], 'key id')!;
      const revoked = await revokeApiKey(deps.db, keyId);
      out(revoked ? `key ${keyId} revoked; requests with it now get 401 invalid_api_key` : `key ${keyId} was already revoked`);
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
