import { describe, expect, it } from 'vitest';
import { jsonbText, plainDecimal } from '../../../src/signals/jsonb-text.js';
import { withoutNulCharacters } from '../../../src/signals/persist.js';

describe('jsonb text', () => {
  it('orders keys by length then bytes and uses the server’s separators', () => {
    expect(jsonbText({ points: 1, key: 'a', cap: 2, value: null, list: [1, true, 'x'] })).toBe(
      '{"cap": 2, "key": "a", "list": [1, true, "x"], "value": null, "points": 1}',
    );
  });

  it('writes numbers in plain decimal notation', () => {
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal(-1.5e-7)).toBe('-0.00000015');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(1.2345e22)).toBe('12345000000000000000000');
    expect(plainDecimal(-0)).toBe('0');
    expect(plainDecimal(0.1)).toBe('0.1');
    expect(plainDecimal(135000000)).toBe('135000000');
  });

  it('drops NUL characters, which jsonb cannot hold, and nothing else', () => {
    expect(withoutNulCharacters(JSON.stringify({ a: 'x\u0000y' }))).toBe('{"a":"xy"}');
    const escapedBackslash = JSON.stringify({ a: '\\u0000' });
    expect(withoutNulCharacters(escapedBackslash)).toBe(escapedBackslash);
    expect(JSON.parse(withoutNulCharacters(JSON.stringify({ a: '\\\u0000' })))).toEqual({ a: '\\' });
  });
});
