import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config.js';
import { UsageError } from './args.js';
import { createCliContext, withDatabase, type CliContext } from './context.js';
import { INGEST_USAGE, ingestCommand } from './commands/ingest.js';
import { MIGRATE_USAGE, migrateCommand } from './commands/migrate.js';
import { PARSE_USAGE, parseCommand } from './commands/parse.js';
import { PRICES_USAGE, pricesCommand } from './commands/prices.js';
import { QUARANTINE_USAGE, quarantineCommand } from './commands/quarantine.js';
import { REPARSE_USAGE, reparseCommand } from './commands/reparse.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';

interface Command {
  usage: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** Every `sigma` command, one line each. */
const COMMANDS: Record<string, Command> = {
  serve: { usage: SERVE_USAGE, run: (argv, ctx) => serveCommand(argv, ctx, 'serve') },
  worker: { usage: '', run: (argv, ctx) => serveCommand(argv, ctx, 'worker') },
  migrate: { usage: MIGRATE_USAGE, run: migrateCommand },
  parse: { usage: PARSE_USAGE, run: (argv) => parseCommand(argv) },
  ingest: { usage: INGEST_USAGE, run: ingestCommand },
  reparse: { usage: REPARSE_USAGE, run: reparseCommand },
  quarantine: { usage: QUARANTINE_USAGE, run: quarantineCommand },
  prices: { usage: `${PRICES_USAGE.split('\n')[0]!.replace(/^Usage: /, '')}   Yahoo bars, quotes, FX; then declaration amounts`, run: (argv, ctx) => withDatabase(ctx, ({ db }) => pricesCommand(argv, { db, ...ctx })) },
};

export function usage(): string {
  return `Sigma — insider-dealing declarations from many regulators, scored and served.\n\nUsage:\n${Object.values(COMMANDS)
    .map((c) => c.usage)
    .filter(Boolean)
    .map((u) => u.split('\n').map((line) => `  ${line}`).join('\n'))
    .join('\n')}\n\nConfiguration is read from environment variables (see README.md).`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, createCliContext());
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`sigma ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    console.error(`sigma ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
