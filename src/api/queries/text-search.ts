import type { Knex } from 'knex';
import { foldText } from '../../model/slug.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The words of a search, folded like the `search_name` columns (accents and case removed). */
export function searchWords(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);
}

/**
 * Restricts `column` (an accent-folded lower-case `search_name`) to names containing every word of
 * the query, in any order ("tim cook" finds "COOK TIMOTHY D"). Words of three letters or more are
 * answered by the pg_trgm GIN index; a query of only short words matches word prefixes instead.
 * A query with no letters or digits matches nothing.
 */
export function whereNameMatches(q: Knex.QueryBuilder, column: string, text: string): Knex.QueryBuilder {
  const words = searchWords(text);
  if (words.length === 0) return q.whereRaw('false');
  if (words.every((w) => w.length < 3)) {
    for (const w of words) {
      q.where((inner) => inner.whereRaw(`${column} like ?`, [`${escapeLike(w)}%`]).orWhereRaw(`${column} like ?`, [`% ${escapeLike(w)}%`]));
    }
    return q;
  }
  for (const w of words) q.whereRaw(`${column} like ?`, [`%${escapeLike(w)}%`]);
  return q;
}

/** The folded query string, for ranking by trigram similarity. */
export function foldedQuery(text: string): string {
  return searchWords(text).join(' ');
}
