import net from 'node:net';

export type IpFamily = 'ipv4' | 'ipv6';

/** Convenience names operators can use in SIGMA_TRUSTED_PROXIES instead of spelling CIDRs. */
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

export class InvalidCidrError extends Error {
  constructor(readonly entry: string, readonly origin: string) {
    super(`${origin}: "${entry}" is not an IP address or CIDR range (expected e.g. 203.0.113.0/24 or 2001:db8::/32)`);
    this.name = 'InvalidCidrError';
  }
}

/**
 * The address as one canonical string: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack
 * socket reports) becomes plain IPv4, IPv6 is lower-cased. Null when it is not an IP at all.
 */
export function normalizeIp(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let value = raw.trim();
  // Proxies sometimes append the port: "1.2.3.4:5678" or "[2001:db8::1]:443".
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const zone = value.indexOf('%');
  if (zone >= 0) value = value.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const family = net.isIP(value);
  if (family === 0) return null;
  return family === 6 ? value.toLowerCase() : value;
}

export function ipFamily(ip: string): IpFamily {
  return net.isIPv6(ip) ? 'ipv6' : 'ipv4';
}

/** A set of CIDR ranges with a membership test, built on node's BlockList. */
export interface IpRangeSet {
  readonly size: number;
  contains(ip: string): boolean;
}

/**
 * Parses IPs, CIDRs and the names in NAMED_RANGES (when `allowNames`). Throws InvalidCidrError
 * naming the bad entry and where it came from, so a typo in a list fails loudly at start.
 */
export function buildIpRangeSet(entries: readonly string[], origin: string, allowNames = false): IpRangeSet {
  const list = new net.BlockList();
  let size = 0;
  const add = (entry: string) => {
    const [address, prefixText, extra] = entry.split('/');
    const ip = normalizeIp(address);
    if (!ip || extra !== undefined) throw new InvalidCidrError(entry, origin);
    const family = ipFamily(ip);
    const maxPrefix = family === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? String(maxPrefix)) || prefix > maxPrefix) throw new InvalidCidrError(entry, origin);
    list.addSubnet(ip, prefix, family);
    size += 1;
  };
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const named = allowNames ? NAMED_RANGES[entry.toLowerCase()] : undefined;
    if (named) named.forEach(add);
    else add(entry);
  }
  return {
    size,
    contains(ip: string) {
      const normalized = normalizeIp(ip);
      return normalized !== null && list.check(normalized, ipFamily(normalized));
    },
  };
}

const loopbackSet = buildIpRangeSet(LOOPBACK, 'loopback ranges');

export function isLoopback(ip: string): boolean {
  return loopbackSet.contains(ip);
}

/**
 * The client's address as seen through the proxies we trust. X-Forwarded-For is read from the
 * right: each entry was appended by the hop to its right, so it is believable only while that hop
 * is a trusted proxy. The first untrusted address is the client; anything further left was
 * written by the client itself and is ignored.
 */
export function resolveClientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxies: IpRangeSet,
): string | null {
  let current = normalizeIp(remoteAddress);
  if (current === null || !trustedProxies.contains(current)) return current;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : ((forwardedFor as string | undefined) ?? '');
  const hops = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizeIp(hops[i]);
    // A trusted proxy only ever appends real addresses; garbage means misconfiguration, so stop
    // at the last address we could vouch for.
    if (hop === null) return current;
    current = hop;
    if (!trustedProxies.contains(hop)) return hop;
  }
  return current;
}

/**
 * The part of an address that identifies one subscriber: the whole IPv4 address, or the /64
 * prefix of an IPv6 one, since a single home or VM is routinely handed a whole /64 and could
 * otherwise rotate through billions of fresh fingerprints.
 */
export function subscriberKey(ip: string): string {
  if (ipFamily(ip) === 'ipv4') return ip;
  const groups = expandIpv6(ip);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIpv6(ip: string): string[] {
  let text = ip;
  // An embedded IPv4 tail (::1.2.3.4) becomes two hex groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((g) =>
    Number.parseInt(g, 16).toString(16),
  );
}
