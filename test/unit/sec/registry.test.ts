import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor, knownSources } from '../../../adapters/registry.js';
import { secAdapter } from '../../../adapters/sec/index.js';
import { loadConfig } from '../../../src/config.js';

describe('adapter registry: SEC', () => {
  it('registers the SEC adapter once, found by its source code in any case', () => {
    expect(ADAPTERS.filter((a) => a.source === 'sec')).toHaveLength(1);
    expect(adapterFor('SEC')).toBe(secAdapter);
    expect(adapterFor('nope')).toBeUndefined();
    expect(knownSources()).toContain('sec');
  });

  it('describes the SEC: US market, USD, Eastern time, two-business-day deadline, configured poll interval', () => {
    expect(secAdapter).toMatchObject({ source: 'sec', market: 'us', regulator: 'SEC', country: 'US', currency: 'USD', timeZone: 'America/New_York', filingDeadlineBusinessDays: 2 });
    expect(secAdapter.pollIntervalSeconds(loadConfig({}))).toBe(60);
    expect(secAdapter.pollIntervalSeconds(loadConfig({ SEC_POLL_SECONDS: '300' }))).toBe(300);
  });
});
