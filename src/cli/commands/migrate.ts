import { openDatabase } from '../../db/connect.js';
import { migrateLatest, migrateRollbackAll, migrationStatus } from '../../db/migrate.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';


export async function migrateCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { status: { type: 'boolean', default: false }, 'rollback-all': { type: 'boolean', default: false } },
    false,
  );
  const handle = await openDatabase(ctx.config, ctx.log, { migrate: false });
  try {
    if (values.status) {
      const { applied, pending } = await migrationStatus(handle.db);
      console.log(`applied (${applied.length}):\n${applied.map((m) => `  ${m}`).join('\n')}`);
      console.log(`pending (${pending.length}):\n${pending.map((m) => `  ${m}`).join('\n')}`);
    } else if (values['rollback-all']) {
      const undone = await migrateRollbackAll(handle.db);
      console.log(`rolled back ${undone.length} migration(s)`);
    } else {
      const applied = await migrateLatest(handle.db);
      console.log(applied.length ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'database is up to date');
    }
    return 0;
  } finally {
    await handle.close();
  }
}
