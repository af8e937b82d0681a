import type { Config } from '../../config.js';
import type { Db } from '../../db/knex.js';
import type { Logger } from '../../log.js';
import { loadSandboxKeys } from '../../sandbox/keys.js';
import { CALL_LOG_RETENTION_DAYS, callsOnDay } from '../../sandbox/usage.js';
import { readWatermark, WatermarkError } from '../../sandbox/watermark.js';

export interface SandboxCommandDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** Where results go (stdout by default); errors go to the logger. */
  print?: (line: string) => void;
}

const USAGE = `usage: sigma sandbox trace WATERMARK [--json]

  trace   decrypt a sandbox watermark (from meta.watermark or the X-Sigma-Watermark header)
          into the client fingerprint hash and UTC day it was served, and list that client's
          sandbox calls of that day (the call log is kept ${CALL_LOG_RETENTION_DAYS} days).
          Needs the same SIGMA_SANDBOX_HMAC_KEY (or database) as the server that served it.`;

/** `sigma sandbox …`. Returns the process exit code: 0 done, 1 the watermark is not ours, 2 usage. */
export async function sandboxCommand(argv: string[], deps: SandboxCommandDeps): Promise<number> {
  const print = deps.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const [subcommand, ...rest] = argv;
  if (subcommand === undefined || subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
    print(USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand !== 'trace') {
    deps.log.error(`unknown sandbox command "${subcommand}"`);
    print(USAGE);
    return 2;
  }
  const json = rest.includes('--json');
  const positional = rest.filter((arg) => arg !== '--json');
  if (positional.length !== 1) {
    deps.log.error('sandbox trace takes exactly one watermark');
    print(USAGE);
    return 2;
  }

  const keys = await loadSandboxKeys(deps.db, deps.config.sandbox.hmacKey);
  let contents;
  try {
    contents = readWatermark(keys.watermark, positional[0]!);
  } catch (error) {
    if (error instanceof WatermarkError) {
      deps.log.error(`cannot trace: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const calls = await callsOnDay(deps.db, contents.fingerprintHash, contents.day);

  if (json) {
    print(
      JSON.stringify({
        fingerprintHash: contents.fingerprintHash,
        day: contents.day,
        calls: calls.map((c) => ({ ...c, calledAt: c.calledAt.toISOString() })),
      }),
    );
    return 0;
  }
  print(`fingerprint  ${contents.fingerprintHash}`);
  print(`day          ${contents.day} (UTC)`);
  if (calls.length === 0) {
    print(`calls        none in the call log (entries are kept ${CALL_LOG_RETENTION_DAYS} days)`);
    return 0;
  }
  print(`calls        ${calls.length}${calls.some((c) => c.isBot) ? ' (bot User-Agent)' : ''}`);
  for (const call of calls) print(`  ${call.calledAt.toISOString()}  ${String(call.difficulty).padStart(2)}-bit  ${call.route}`);
  print('The fingerprint hash also appears in the server log line "sandbox call" with the client IP.');
  return 0;
}
