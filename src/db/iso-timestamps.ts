import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;

/**
 * PostgreSQL's text form of a timestamptz in a UTC session ("2026-11-22 02:34:46.027+00", the
 * fraction trimmed of zeros or absent) as API.md's ISO 8601 with milliseconds, without building a
 * Date: the API formats thousands of timestamps per second and never needs them as dates.
 */
export function pgTimestampToIso(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?\+00$/.exec(text);
  if (!match) return new Date(text).toISOString();
  const millis = (match[3] ?? '').padEnd(3, '0').slice(0, 3);
  return `${match[1]}T${match[2]}.${millis}Z`;
}

/** Type parsers for one query: timestamptz as ISO strings, everything else as usual. */
export const ISO_TIMESTAMP_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return pgTimestampToIso;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};
