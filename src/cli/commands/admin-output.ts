import type { Config } from '../../config.js';
import type { Db } from '../../db/knex.js';
import type { Logger } from '../../log.js';

export interface CommandDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** Where results go (stdout by default); logs go to `log` (stderr). */
  out?: (text: string) => void;
}

export function writer(deps: CommandDeps): (text: string) => void {
  return deps.out ?? ((text) => process.stdout.write(`${text}\n`));
}

/** A fixed-width table for terminal output. */
export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '-' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function positiveIntegerArg(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive whole number (got "${value}")`);
  return Number(value);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
