import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { pricesCommand } from '../../../src/cli/commands/prices.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';

/** Usage errors are answered before any database work, so no database is given here. */
async function run(argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await pricesCommand(argv, {
    db: undefined as unknown as Knex,
    config: loadConfig({}),
    log: silentLogger,
    out: (l) => lines.push(l),
  });
  return { code, output: lines.join('\n') };
}

describe('sigma prices (usage)', () => {
  it('prints usage for --help with exit 0', async () => {
    const { code, output } = await run(['--help']);
    expect(code).toBe(0);
    expect(output).toMatch(/sigma prices refresh \[--symbols A,B\] \[--since YYYY-MM-DD\]/);
  });

  it('exits 2 with a clear message on a missing or unknown subcommand, option or bad value', async () => {
    expect(await run([])).toMatchObject({ code: 2, output: expect.stringMatching(/missing subcommand/) });
    expect(await run(['fetch'])).toMatchObject({ code: 2, output: expect.stringMatching(/unknown subcommand "fetch"/) });
    expect(await run(['refresh', '--bogus'])).toMatchObject({ code: 2, output: expect.stringMatching(/bogus/) });
    expect(await run(['refresh', '--since', '2024-13-45'])).toMatchObject({ code: 2, output: expect.stringMatching(/--since must be a YYYY-MM-DD/) });
    expect(await run(['refresh', '--symbols', ' , '])).toMatchObject({ code: 2, output: expect.stringMatching(/--symbols needs/) });
  });
});
