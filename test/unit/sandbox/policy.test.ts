import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { dailyCapFor, requiredDifficulty } from '../../../src/sandbox/policy.js';

describe('sandbox policy and configuration', () => {
  it('defaults to 16 bits, +2 bits from call 6, 10 calls a day and 3 for bots', () => {
    const { sandbox } = loadConfig({});
    expect(sandbox).toMatchObject({
      enabled: true,
      difficultyBits: 16,
      difficultyStepBits: 2,
      escalateFromCall: 6,
      dailyCap: 10,
      botDailyCap: 3,
      addressDailyCap: 30,
      challengeTtlSeconds: 600,
      maxListingLimit: 10,
      allowLoopback: true,
    });
    expect([1, 2, 3, 4, 5].map((n) => requiredDifficulty(sandbox, n))).toEqual([16, 16, 16, 16, 16]);
    expect([6, 7, 10].map((n) => requiredDifficulty(sandbox, n))).toEqual([18, 18, 18]);
    expect(dailyCapFor(sandbox, false)).toBe(10);
    expect(dailyCapFor(sandbox, true)).toBe(3);
  });

  it('reads overrides, refuses loopback in production unless allowed, and rejects bad values', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SIGMA_SANDBOX_DIFFICULTY: '20',
      SIGMA_SANDBOX_DIFFICULTY_STEP: '4',
      SIGMA_SANDBOX_ENABLED: 'false',
      SIGMA_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8',
    });
    expect(config.sandbox.allowLoopback).toBe(false);
    expect(config.sandbox.enabled).toBe(false);
    expect(config.trustedProxies).toEqual(['loopback', '10.0.0.0/8']);
    expect(requiredDifficulty(config.sandbox, 6)).toBe(24);
    expect(loadConfig({ NODE_ENV: 'production', SIGMA_SANDBOX_ALLOW_LOOPBACK: 'true' }).sandbox.allowLoopback).toBe(true);
    expect(() => loadConfig({ SIGMA_SANDBOX_HMAC_KEY: 'short' })).toThrow(/SIGMA_SANDBOX_HMAC_KEY/);
    expect(() => loadConfig({ SIGMA_SANDBOX_DIFFICULTY: '40' })).toThrow(/SIGMA_SANDBOX_DIFFICULTY/);
    expect(() => loadConfig({ SIGMA_SANDBOX_ENABLED: 'maybe' })).toThrow(/SIGMA_SANDBOX_ENABLED/);
  });

  it('never lets escalation exceed 32 bits', () => {
    const { sandbox } = loadConfig({ SIGMA_SANDBOX_DIFFICULTY: '30', SIGMA_SANDBOX_DIFFICULTY_STEP: '8' });
    expect(requiredDifficulty(sandbox, 6)).toBe(32);
  });
});
