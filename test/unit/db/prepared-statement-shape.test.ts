import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { fewMatchesPageQuery, listingQuery, orderServedByAnIndex } from '../../../src/api/queries/declarations.js';
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

describe('the page cut from few matches', () => {
  const compile = (filters: Parameters<typeof fewMatchesPageQuery>[1], offset = 0) =>
    fewMatchesPageQuery(db, filters, { sort: 'amount', order: 'asc' }, { limit: 50, offset }).toSQL().toNative();

  it('reads every match materialized, so no ordered index walk replaces them, with the page limit in the text', () => {
    const { sql } = compile({ nature: ['GIFT'], maxScore: 50 });
    expect(sql).toMatch(/^with "few_matches" as materialized \(select "d"."id", d.total_amount_eur as sort_key from "declarations" as "d" where d.is_canonical /);
    expect(sql).not.toMatch(/limit 1001/);
    expect(sql).toMatch(/order by m.sort_key asc nulls last, m.id asc limit 50\)/);
    expect(sql).toBe(compile({ nature: ['AWARD'], maxScore: 10 }).sql);
    expect(compile({ nature: ['GIFT'] }, 100).sql).toBe(compile({ nature: ['GIFT'] }, 900).sql);
  });
});

describe('orderServedByAnIndex', () => {
  it('is true for a range on the sort column and at most one filter leading an index on it', () => {
    const at = { at: new Date('2026-01-01T00:00:00Z'), dateOnly: true };
    expect(orderServedByAnIndex({}, { sort: 'pubDate', order: 'desc' })).toBe(true);
    expect(orderServedByAnIndex({ since: at, afterId: 'SEC:1' }, { sort: 'pubDate', order: 'asc' })).toBe(true);
    expect(orderServedByAnIndex({ updatedSince: at, afterId: 'SEC:1' }, { sort: 'updatedAt', order: 'asc' })).toBe(true);
    expect(orderServedByAnIndex({ market: ['us'], minScore: 60 }, { sort: 'signalScore', order: 'desc' })).toBe(true);
    expect(orderServedByAnIndex({ companyIds: [3], from: at }, { sort: 'pubDate', order: 'desc' })).toBe(true);
    expect(orderServedByAnIndex({ insiderId: 4, coSignedIds: ['SEC:2'] }, { sort: 'pubDate', order: 'desc' })).toBe(true);
    expect(orderServedByAnIndex({ cluster: true }, { sort: 'pubDate', order: 'desc' })).toBe(true);
    expect(orderServedByAnIndex({ market: ['fr'], minScore: undefined }, { sort: 'pubDate', order: 'desc' })).toBe(true);
  });

  it('is false when a filter is not served by an index in that order, or two are', () => {
    const at = { at: new Date('2026-01-01T00:00:00Z'), dateOnly: true };
    expect(orderServedByAnIndex({ nature: ['GIFT'], maxScore: 50 }, { sort: 'pubDate', order: 'desc' })).toBe(false);
    expect(orderServedByAnIndex({ cluster: false }, { sort: 'pubDate', order: 'desc' })).toBe(false);
    expect(orderServedByAnIndex({ market: ['us'], direction: 'BUY' }, { sort: 'pubDate', order: 'desc' })).toBe(false);
    expect(orderServedByAnIndex({ since: at }, { sort: 'signalScore', order: 'desc' })).toBe(false);
    expect(orderServedByAnIndex({ minScore: 70, to: at }, { sort: 'updatedAt', order: 'asc' })).toBe(false);
    expect(orderServedByAnIndex({ market: ['us'] }, { sort: 'amount', order: 'desc' })).toBe(false);
  });
});
