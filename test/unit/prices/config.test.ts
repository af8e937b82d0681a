import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('prices configuration', () => {
  it('defaults to the real Yahoo hosts, 2 requests/s and a 04:00 UTC refresh', () => {
    expect(loadConfig({}).prices).toEqual({ yahooBaseUrl: undefined, maxRequestsPerSecond: 2, refreshUtc: '04:00' });
  });

  it('reads the overrides', () => {
    const config = loadConfig({ YAHOO_BASE_URL: 'http://127.0.0.1:8099/', SIGMA_PRICES_MAX_RPS: '0.5', SIGMA_PRICES_REFRESH_UTC: '22:15' });
    expect(config.prices).toEqual({ yahooBaseUrl: 'http://127.0.0.1:8099', maxRequestsPerSecond: 0.5, refreshUtc: '22:15' });
  });

  it('refuses a malformed base URL, rate or time of day with a clear message', () => {
    expect(() => loadConfig({ YAHOO_BASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIGMA_PRICES_MAX_RPS: '0' })).toThrow(/SIGMA_PRICES_MAX_RPS/);
    expect(() => loadConfig({ SIGMA_PRICES_REFRESH_UTC: '4am' })).toThrow(/HH:MM/);
  });
});
