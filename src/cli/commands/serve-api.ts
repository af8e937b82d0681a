import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { createApp } from '../../api/app.js';
import { ensureFirstAccount } from '../../auth/accounts.js';
import { writer, type CommandDeps } from './admin-output.js';

/**
 * Starts the API server on HOST:PORT and serves until SIGINT/SIGTERM. On an empty database it
 * creates a first account and prints its key once. `--port` overrides PORT.
 */
export async function serveApiCommand(
  argv: string[],
  deps: CommandDeps & { signal?: AbortSignal; onListening?: (url: string) => void },
): Promise<number> {
  const out = writer(deps);
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? deps.config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    deps.log.error(`--port must be 0–65535 (got "${values.port}")`);
    return 2;
  }
  const first = await ensureFirstAccount(deps.db);
  if (first.key) {
    out(`first account ${first.accountId} created; its API key (shown once, store it now):`);
    out(`  ${first.key}`);
  }
  const app = createApp({ db: deps.db, config: deps.config, log: deps.log });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, deps.config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${deps.config.host}:${address.port}` : String(address);
  deps.log.info('API listening', { url, docs: `${url}/docs` });
  deps.onListening?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (deps.signal?.aborted) stop();
    deps.signal?.addEventListener('abort', stop, { once: true });
  });
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  deps.log.info('API stopped');
  return 0;
}
