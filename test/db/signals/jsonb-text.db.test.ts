import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonbText, signalFingerprint } from '../../../src/signals/jsonb-text.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

describe('jsonb text matches PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(2);
  });
  afterAll(async () => t.drop());

  it('prints values exactly as jsonb::text does, so unchanged signals are recognised', async () => {
    const samples: unknown[] = [
      { key: 'cluster', label: 'Cluster of insiders', value: 2, points: 14, cap: 20, rationale: '2 others (SEC:1, SEC:2): 14 of 20 points.' },
      { é: 1, e: 2, ab: [1.5, -0.25, 1e-7, 3e21, null, false], nested: { z: 'quote " backslash \\ tab \t newline \n' } },
      ['€250.0M', 'Müller', '\u2028', 123456.789, 0.1 + 0.2],
      { available: false, reason: 'no ACME price before 2024-03-12' },
    ];
    for (const sample of samples) {
      const { rows } = await t.db.raw<{ rows: Array<{ text: string }> }>('select (?::jsonb)::text as text', [JSON.stringify(sample)]);
      expect(jsonbText(sample)).toBe(rows[0]!.text);
    }
    const factors = samples[0];
    const inputs = samples[1];
    const { rows } = await t.db.raw<{ rows: Array<{ fp: string }> }>("select md5((?::jsonb)::text || '|' || (?::jsonb)::text) as fp", [
      JSON.stringify(factors),
      JSON.stringify(inputs),
    ]);
    expect(signalFingerprint(factors, inputs)).toBe(rows[0]!.fp);
  });
});
