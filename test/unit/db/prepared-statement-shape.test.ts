import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { listingQuery } from '../../../src/api/queries/declarations.js';
import { pageWindow } from '../../../src/db/prepared.js';
import type { Db } from '../../../src/db/knex.js';

// Compiles SQL only: a knex instance for PostgreSQL without a connection.
const db = knex({ client: 'pg' }) as unknown as Db;

describe('pageWindow', () => {
  it('writes the limit into the text, leaves out offset 0 and binds other offsets', () => {
    const first = pageWindow(db('t').select('a'), { limit: 50, offset: 0 }).toSQL().toNative();
    expect(first.sql).toBe('select "a" from "t" limit 50');
    expect(first.bindings).toEqual([]);
    const later = pageWindow(db('t').select('a'), { limit: 50, offset: 100 }).toSQL().toNative();
    expect(later.sql).toBe('select "a" from "t" limit 50 offset $1');
    expect(later.bindings).toEqual([100]);
  });

  it('refuses a limit that is not a non-negative integer (it is written into SQL)', () => {
    expect(() => pageWindow(db('t'), { limit: 1.5 })).toThrow(/non-negative integer/);
    expect(() => pageWindow(db('t'), { limit: -1 })).toThrow(/non-negative integer/);
    expect(() => pageWindow(db('t'), { limit: Number.NaN })).toThrow(/non-negative integer/);
  });
});

describe('the declaration listing statement', () => {
  const compile = (filters: Parameters<typeof listingQuery>[1], offset = 0) =>
    listingQuery(db, filters, { sort: 'signalScore', order: 'desc' }, { limit: 50, offset }).pageQuery.toSQL().toNative();

  it('has the same text whatever the filter values, so one generic plan serves every call', () => {
    const a = compile({ market: ['us'], minScore: 60 });
    const b = compile({ market: ['fr'], minScore: 85 });
    expect(a.sql).toBe(b.sql);
    expect(a.bindings).not.toEqual(b.bindings);
  });

  it('leaves nothing a plan depends on as a parameter: the canonical flag and the limits are in the text', () => {
    const { sql } = compile({ market: ['us'], minScore: 60 });
    // A bound `is_canonical = $n` cannot use the partial indexes (where is_canonical) in a generic
    // plan, and a bound limit is costed as a tenth of the matches: both made PostgreSQL plan anew each call.
    expect(sql).not.toMatch(/is_canonical"?\s*=\s*\$/);
    expect(sql).toMatch(/limit 1001\)/);
    expect(sql).toMatch(/limit 50$/);
    expect(sql).not.toMatch(/offset/);
    // Past the first page the ids are paged first (an offset bound inside), then joined.
    expect(compile({ market: ['us'] }, 200).sql).toMatch(/limit 50 offset \$\d+\) as "p"/);
    // A bound cluster flag could not use the partial cluster index either.
    expect(compile({ cluster: true }).sql).toMatch(/where d\.is_canonical and d\.signal_is_cluster/);
    expect(compile({ cluster: false }).sql).toMatch(/d\.signal_is_cluster is not true/);
  });

  it('past the first page, one text serves every offset (cuts that follow the offset are bound)', () => {
    const ascending = (offset: number) =>
      listingQuery(db, { market: ['us'] }, { sort: 'signalScore', order: 'asc' }, { limit: 50, offset }).pageQuery.toSQL().toNative();
    expect(ascending(100).sql).toBe(ascending(500).sql);
    expect(ascending(100).bindings).toContain(150);
    // Past the exact-total cap the count's limit follows the page too, and is bound as well.
    expect(ascending(2000).sql).toBe(ascending(5000).sql);
    expect(compile({ market: ['us'] }, 2000).sql).toBe(compile({ market: ['us'] }, 900_000).sql);
    expect(ascending(0).sql).toMatch(/limit 50\)\) union all/);
  });
});
