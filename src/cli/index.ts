import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config.js';
import { UsageError } from './args.js';
import { createCliContext, withDatabase, type CliContext, type CommandDeps } from './context.js';

interface Command {
  usage: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/**
 * Every `sigma` command, one line each. Command modules load on demand, so a command pulls in only
 * what it uses (an ingest run never loads the API or the Yahoo client).
 */
const COMMANDS: Record<string, Command> = {
  serve: {
    usage: `sigma serve [--api-only]   API + scheduled ingestion (what npm start runs)
sigma worker               scheduled ingestion only (any number of workers may share one database)`,
    run: async (argv, ctx) => (await import('./commands/serve.js')).serveCommand(argv, ctx, 'serve'),
  },
  worker: { usage: '', run: async (argv, ctx) => (await import('./commands/serve.js')).serveCommand(argv, ctx, 'worker') },
  migrate: {
    usage: 'sigma migrate [--status | --rollback-all]   apply (or inspect / undo) database migrations',
    run: async (argv, ctx) => (await import('./commands/migrate.js')).migrateCommand(argv, ctx),
  },
  parse: {
    usage: 'sigma parse FILE [--source sec] [--json]   print the declaration(s) of one raw document',
    run: async (argv) => (await import('./commands/parse.js')).parseCommand(argv),
  },
  ingest: {
    usage: `sigma ingest SOURCE --from DATE --to DATE   backfill a publication-date range (live)
sigma ingest SOURCE --archive DIR           every raw document found under DIR (offline); then scores (--no-score skips)
sigma ingest SOURCE                         one live poll from the stored cursor`,
    run: async (argv, ctx) => (await import('./commands/ingest.js')).ingestCommand(argv, ctx),
  },
  reparse: {
    usage: 'sigma reparse SOURCE   rebuild normalized rows from the stored raw documents',
    run: async (argv, ctx) => (await import('./commands/reparse.js')).reparseCommand(argv, ctx),
  },
  quarantine: {
    usage: 'sigma quarantine [--source S] [--all]   documents that could not be parsed, newest first',
    run: async (argv, ctx) => (await import('./commands/quarantine.js')).quarantineCommand(argv, ctx),
  },
  accounts: {
    usage: 'sigma accounts create --name N [--plan P] | list   API accounts and their plans',
    run: (argv, ctx) => withAdmin(ctx, async (deps) => (await import('./commands/accounts.js')).accountsCommand(argv, deps)),
  },
  keys: {
    usage: 'sigma keys create --account ID --name N | list [--account ID] | revoke ID   API keys (shown once)',
    run: (argv, ctx) => withAdmin(ctx, async (deps) => (await import('./commands/keys.js')).keysCommand(argv, deps)),
  },
  usage: {
    usage: 'sigma usage [--top N]   top API consumers today and in total',
    run: (argv, ctx) => withAdmin(ctx, async (deps) => (await import('./commands/usage.js')).usageCommand(argv, deps)),
  },
  sandbox: {
    usage: 'sigma sandbox trace WATERMARK [--json]   which client (fingerprint hash) and UTC day a sandbox response was served to',
    run: (argv, ctx) => withAdmin(ctx, async (deps) => (await import('./commands/sandbox.js')).sandboxCommand(argv, deps)),
  },
  score: {
    usage: 'sigma score [--rescore-all | --ids A,B | --audit ID | --backtest | --report]   compute and inspect v3 scores',
    run: async (argv, ctx) => {
      const { scoreCommand } = await import('./commands/score.js');
      return withDatabase(ctx, ({ db }) => scoreCommand(argv, { db, ...ctx }));
    },
  },
  prices: {
    usage: 'sigma prices refresh [--symbols A,B] [--since YYYY-MM-DD]   Yahoo bars, quotes, FX; then declaration amounts',
    run: async (argv, ctx) => {
      const { pricesCommand } = await import('./commands/prices.js');
      return withDatabase(ctx, ({ db }) => pricesCommand(argv, { db, ...ctx }));
    },
  },
};

/** Runs a database-backed admin command with the quiet logger (its output is the point). */
function withAdmin(ctx: CliContext, run: (deps: CommandDeps) => Promise<number>): Promise<number> {
  return withDatabase(ctx, ({ db }) => run({ db, config: ctx.config, log: ctx.log }));
}

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
