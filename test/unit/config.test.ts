import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_SCHEMA, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.enabledSources).toEqual(['sec', 'amf', 'fca']);
    expect(config.sec.maxRequestsPerSecond).toBe(10);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('rejects bad values with every problem named', () => {
    try {
      loadConfig({ PORT: 'eighty', SEC_MAX_RPS: '50', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/SEC_MAX_RPS.*10 requests/);
      expect(message).toMatch(/DATABASE_URL/);
    }
  });

  it('reads SIGMA_API_PROCESSES as a count, "auto" meaning one per CPU', () => {
    expect(loadConfig({}).apiProcesses).toBe(os.availableParallelism());
    expect(loadConfig({ SIGMA_API_PROCESSES: 'auto' }).apiProcesses).toBe(os.availableParallelism());
    expect(loadConfig({ SIGMA_API_PROCESSES: '3' }).apiProcesses).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'many', '65']) {
      expect(() => loadConfig({ SIGMA_API_PROCESSES: bad }), bad).toThrow(/SIGMA_API_PROCESSES/);
    }
  });

  it('treats SIGMA_SOURCES=none as no sources', () => {
    expect(loadConfig({ SIGMA_SOURCES: 'none' }).enabledSources).toEqual([]);
  });

  it('is documented in README.md, variable by variable', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(ENV_SCHEMA.shape)) expect(readme, name).toContain(`\`${name}\``);
  });
});
