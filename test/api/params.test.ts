import { describe, expect, it } from 'vitest';
import { csvEnumParam, intParam, marketsParam, timeBoundParam } from '../../src/api/params.js';
import { SOURCE_CATALOGUE } from '../../src/api/catalogue.js';
import { KNOWN_MARKETS } from '../../src/model/markets.js';
import { appendMember, RawJson, serializeWithRaw } from '../../src/api/raw-json.js';
import { generateApiKey, isWellFormedApiKey } from '../../src/auth/keys.js';
import { presentedKey } from '../../src/api/middleware/auth.js';
import { nextUtcMidnight } from '../../src/api/middleware/rate-limit.js';

describe('query parameter parsing', () => {
  it('integers are strict: no empty string as 0, no clamping, no exponent', () => {
    const limit = intParam(1, 200);
    expect(limit.safeParse('50').data).toBe(50);
    for (const bad of ['', ' ', '0', '201', '1.5', '1e2', '0x10', 'abc']) expect(limit.safeParse(bad).success, bad).toBe(false);
  });

  it('time bounds accept dates and instants that exist, and nothing else', () => {
    expect(timeBoundParam.parse('2026-04-20')).toEqual({ at: new Date('2026-04-20T00:00:00Z'), dateOnly: true });
    expect(timeBoundParam.parse('2026-04-20T18:32:11.123Z')).toEqual({ at: new Date('2026-04-20T18:32:11.123Z'), dateOnly: false });
    expect(timeBoundParam.parse('2026-04-20T20:32:11+02:00').at.toISOString()).toBe('2026-04-20T18:32:11.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-02-30T00:00:00Z', '20260420', 'yesterday', '2026-04-20T25:00:00Z']) {
      expect(timeBoundParam.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('CSV enums and markets normalise case and reject unknown values', () => {
    const natures = csvEnumParam(['BUY', 'SELL'] as const, true);
    expect(natures.parse('buy,SELL,buy')).toEqual(['BUY', 'SELL']);
    expect(natures.safeParse('BUY,HOLD').success).toBe(false);
    expect(marketsParam.parse('US,fr')).toEqual(['us', 'fr']);
    expect(marketsParam.safeParse('usa').success).toBe(false);
    expect(marketsParam.safeParse('us,').success).toBe(false);
    const unknown = marketsParam.safeParse('us,zz');
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.message).toMatch(/unknown market code "zz"; known codes: .*\bus\b.*\bfr\b/);
  });

  it('every regulator of the /markets catalogue has a market the ?market= filter accepts', () => {
    for (const { market } of Object.values(SOURCE_CATALOGUE)) {
      expect(KNOWN_MARKETS, market).toContain(market);
      expect(marketsParam.parse(market.toUpperCase())).toEqual([market]);
    }
  });
});

describe('raw JSON splicing', () => {
  it('embeds RawJson verbatim wherever it sits, and leaves look-alike strings alone', () => {
    const body = { items: new RawJson('[{"a":1}]'), n: 2, text: '\u0000raw\u0000', nested: { x: new RawJson('{"b":null}') } };
    const json = serializeWithRaw(body).toString('utf8');
    expect(JSON.parse(json)).toEqual({ items: [{ a: 1 }], n: 2, text: '\u0000raw\u0000', nested: { x: { b: null } } });
  });

  it('keeps order and count with many RawJson values, in arrays too, and serializes plain values as JSON.stringify does', () => {
    const raws = Array.from({ length: 25 }, (_, i) => new RawJson(`{"i":${i}}`));
    const body = { list: raws, at: new Date(Date.UTC(2026, 0, 2)), skip: undefined, mixed: [1, raws[3], 'x'] };
    expect(JSON.parse(serializeWithRaw(body).toString('utf8'))).toEqual({ list: raws.map((_, i) => ({ i })), at: '2026-01-02T00:00:00.000Z', mixed: [1, { i: 3 }, 'x'] });
    expect(serializeWithRaw({ a: [1, 'b', null], c: { d: true } }).toString('utf8')).toBe(JSON.stringify({ a: [1, 'b', null], c: { d: true } }));
  });

  it('a marker seen in one response cannot be replayed: markers never reach the output', () => {
    const json = serializeWithRaw({ x: new RawJson('1'), y: new RawJson('"two"') }).toString('utf8');
    expect(json).toBe('{"x":1,"y":"two"}');
    expect(json).not.toContain('\\u0000');
  });
});

describe('raw JSON as bytes', () => {
  it('an array of JSON texts is their UTF-8 bytes joined, whatever characters they hold', () => {
    const items = ['{"name":"Ørsted A/S"}', '{"name":"O\u2019Brien — 株式会社"}', '{"emoji":"📈"}', '{}'];
    const array = RawJson.array(items);
    expect(array.bytes.toString('utf8')).toBe(`[${items.join(',')}]`);
    expect(array.bytes.length).toBe(Buffer.byteLength(`[${items.join(',')}]`));
    expect(JSON.parse(array.bytes.toString('utf8'))).toEqual(items.map((i) => JSON.parse(i)));
    expect(RawJson.array([]).bytes.toString('utf8')).toBe('[]');
    expect(RawJson.array(['1']).bytes.toString('utf8')).toBe('[1]');
  });

  it('splices raw bytes with multi-byte characters around them intact', () => {
    const body = { before: 'Société Générale', items: RawJson.array(['{"n":"Müller’s"}']), after: '日本' };
    expect(JSON.parse(serializeWithRaw(body).toString('utf8'))).toEqual({ before: 'Société Générale', items: [{ n: 'Müller’s' }], after: '日本' });
  });

  it('appends a member to an object, empty or not, with or without trailing whitespace', () => {
    const meta = Buffer.from('{"requestId":"r1"}');
    expect(appendMember(Buffer.from('{"id":"x"}'), 'meta', meta).toString()).toBe('{"id":"x","meta":{"requestId":"r1"}}');
    expect(appendMember(Buffer.from('{}'), 'meta', meta).toString()).toBe('{"meta":{"requestId":"r1"}}');
    expect(JSON.parse(appendMember(Buffer.from('{ "a": [1] \n}\n'), 'meta', meta).toString())).toEqual({ a: [1], meta: { requestId: 'r1' } });
    expect(JSON.parse(appendMember(Buffer.from('{ \n }'), 'meta', meta).toString())).toEqual({ meta: { requestId: 'r1' } });
    expect(() => appendMember(Buffer.from('[1]'), 'meta', meta)).toThrow(/not a JSON object/);
  });
});

describe('keys and headers', () => {
  it('reads the key from either header and refuses two different keys', () => {
    const key = generateApiKey();
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(presentedKey(`Bearer ${key}`, '')).toBe(key);
    expect(presentedKey('', key)).toBe(key);
    expect(presentedKey(`bearer ${key}`, key)).toBe(key);
    expect(presentedKey('', '')).toBeNull();
    expect(() => presentedKey(`Bearer ${key}`, generateApiKey())).toThrow(/different keys/);
    expect(() => presentedKey(`Basic abc`, '')).toThrow(/Bearer/);
  });

  it('the daily quota resets at the next 00:00 UTC', () => {
    expect(nextUtcMidnight(new Date('2026-12-31T23:59:59.999Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextUtcMidnight(new Date('2026-03-01T00:00:00.000Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
});
