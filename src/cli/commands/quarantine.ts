import { openDatabase } from '../../db/connect.js';
import { parseCommandArgs } from '../args.js';
import type { CliContext } from '../context.js';


export async function quarantineCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(argv, { source: { type: 'string' }, all: { type: 'boolean', default: false } }, false);
  const handle = await openDatabase(ctx.config, ctx.log);
  try {
    const q = handle.db('quarantine').orderBy('last_seen_at', 'desc').limit(200);
    if (values.source) q.where({ source: values.source });
    if (!values.all) q.whereNull('resolved_at');
    const rows = (await q) as Array<{ source: string; source_id: string; url: string | null; error: string; attempts: number; last_seen_at: Date; resolved_at: Date | null }>;
    if (rows.length === 0) console.log('quarantine is empty');
    for (const r of rows) {
      console.log(`${r.source}:${r.source_id}  attempts=${r.attempts}  last=${r.last_seen_at.toISOString()}${r.resolved_at ? '  (resolved)' : ''}`);
      if (r.url) console.log(`  ${r.url}`);
      console.log(`  ${r.error}`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}
