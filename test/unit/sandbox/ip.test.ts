import { describe, expect, it } from 'vitest';
import { fingerprintHash } from '../../../src/sandbox/fingerprint.js';
import { buildIpRangeSet, InvalidCidrError, isLoopback, normalizeIp, resolveClientIp, subscriberKey } from '../../../src/sandbox/ip.js';

describe('normalizeIp', () => {
  it('canonicalizes mapped IPv4, ports, brackets and case', () => {
    expect(normalizeIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('203.0.113.9:4431')).toBe('203.0.113.9');
    expect(normalizeIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp(' 2001:db8::1 ')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('not-an-ip')).toBeNull();
    expect(normalizeIp(undefined)).toBeNull();
  });
});

describe('IP range sets', () => {
  it('match IPv4 and IPv6 CIDRs and single addresses', () => {
    const set = buildIpRangeSet(['10.0.0.0/8', '2001:db8::/32', '198.51.100.7'], 'test');
    expect(set.contains('10.200.3.4')).toBe(true);
    expect(set.contains('::ffff:10.200.3.4')).toBe(true);
    expect(set.contains('11.0.0.1')).toBe(false);
    expect(set.contains('2001:db8:ffff::1')).toBe(true);
    expect(set.contains('2001:db9::1')).toBe(false);
    expect(set.contains('198.51.100.7')).toBe(true);
    expect(set.contains('198.51.100.8')).toBe(false);
  });

  it('accept the names loopback and private when allowed', () => {
    const set = buildIpRangeSet(['loopback', 'private'], 'SIGMA_TRUSTED_PROXIES', true);
    expect(set.contains('127.0.0.1')).toBe(true);
    expect(set.contains('::1')).toBe(true);
    expect(set.contains('172.20.0.5')).toBe(true);
    expect(set.contains('8.8.8.8')).toBe(false);
  });

  it('fail loudly on a malformed entry, naming it and where it came from', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'loopback', '2001:db8::/129', '1.2.3.4/8/9', '1.2.3.4/x']) {
      expect(() => buildIpRangeSet([bad], 'my list'), bad).toThrow(InvalidCidrError);
    }
    expect(() => buildIpRangeSet(['nope'], 'my list')).toThrow(/my list: "nope"/);
  });

  it('knows loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.0.2.1')).toBe(false);
  });
});

describe('resolveClientIp', () => {
  const trusted = buildIpRangeSet(['127.0.0.1', '10.0.0.0/8'], 'test');

  it('uses the socket address when it is not a trusted proxy, ignoring any header', () => {
    expect(resolveClientIp('198.51.100.20', '203.0.113.1', trusted)).toBe('198.51.100.20');
  });

  it('walks X-Forwarded-For from the right, past trusted proxies only', () => {
    expect(resolveClientIp('127.0.0.1', '203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('127.0.0.1', '203.0.113.5, 10.1.1.1', trusted)).toBe('203.0.113.5');
    // The client wrote "1.1.1.1" itself; the first proxy saw it as 203.0.113.5.
    expect(resolveClientIp('127.0.0.1', '1.1.1.1, 203.0.113.5, 10.1.1.1', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('::ffff:127.0.0.1', ['1.1.1.1', '203.0.113.5'], trusted)).toBe('203.0.113.5');
  });

  it('stops at garbage and falls back to the last address it can vouch for', () => {
    expect(resolveClientIp('127.0.0.1', 'garbage', trusted)).toBe('127.0.0.1');
    expect(resolveClientIp('127.0.0.1', 'garbage, 10.2.2.2', trusted)).toBe('10.2.2.2');
    expect(resolveClientIp('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
  });

  it('trusts nobody by default', () => {
    const none = buildIpRangeSet([], 'none');
    expect(resolveClientIp('127.0.0.1', '203.0.113.5', none)).toBe('127.0.0.1');
  });
});

describe('fingerprints', () => {
  const key = Buffer.alloc(32, 7);

  it('group an IPv6 /64 together, but not IPv4 neighbours', () => {
    expect(subscriberKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(subscriberKey('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(subscriberKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(fingerprintHash(key, '2001:db8:1:2::1', 'UA')).toBe(fingerprintHash(key, '2001:db8:1:2:ffff:ffff:ffff:ffff', 'UA'));
    expect(fingerprintHash(key, '2001:db8:1:3::1', 'UA')).not.toBe(fingerprintHash(key, '2001:db8:1:2::1', 'UA'));
    expect(fingerprintHash(key, '203.0.113.1', 'UA')).not.toBe(fingerprintHash(key, '203.0.113.2', 'UA'));
  });

  it('depend on the User-Agent and on the key', () => {
    expect(fingerprintHash(key, '203.0.113.1', 'A')).not.toBe(fingerprintHash(key, '203.0.113.1', 'B'));
    expect(fingerprintHash(key, '203.0.113.1', 'A')).not.toBe(fingerprintHash(Buffer.alloc(32, 8), '203.0.113.1', 'A'));
    expect(fingerprintHash(key, '203.0.113.1', 'A')).toMatch(/^[\w-]{22}$/);
  });
});
