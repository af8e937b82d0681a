#!/usr/bin/env node
// `sigma` / `npx sigma`: runs the TypeScript CLI through tsx's loader (no build step).
import { spawn } from 'node:child_process';

/**
 * Batch commands stream documents through bounded batches, so their live memory is small; V8 would
 * still let its heap grow to gigabytes of garbage before collecting. They run with a capped heap
 * (SIGMA_BATCH_HEAP_MB, default 192) so peak memory stays bounded whatever the archive size.
 */
const BATCH_COMMANDS = new Set(['ingest', 'reparse']);
const command = process.argv[2];
const capped =
  process.execArgv.some((a) => a.startsWith('--max-old-space-size')) ||
  (process.env.NODE_OPTIONS ?? '').includes('--max-old-space-size');

if (BATCH_COMMANDS.has(command) && !capped) {
  const heapMb = Number(process.env.SIGMA_BATCH_HEAP_MB ?? 192);
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../src/cli/index.ts');
  process.exit(await runCli(process.argv.slice(2)));
}
