import { ParseError, type RawDocument, type SourceAdapter } from '../../adapters/types.js';
import { DeclarationDraftSchema, type DeclarationDraft } from '../../src/model/index.js';

/**
 * A minimal source for testing the generic ingest machinery: each document is the JSON of a
 * declaration draft (or of `{ skip: reason }`); anything else is a ParseError.
 */
export const testAdapter: SourceAdapter<DeclarationDraft> = {
  source: 'tst',
  market: 'us',
  regulator: 'TEST',
  country: 'US',
  currency: 'USD',
  timeZone: 'America/New_York',
  filingDeadlineBusinessDays: 2,
  pollIntervalSeconds: () => 60,
  hostRateLimits: () => ({}),
  userAgent: () => ({ userAgent: 'sigma-test' }),
  async *poll() {},
  readArchiveFile(relativePath, body, retrievedAt) {
    if (!relativePath.endsWith('.json')) return { skipped: 'not a .json test document' };
    return { sourceId: relativePath.replace(/\.json$/, ''), url: null, retrievedAt, mediaType: 'application/json', body };
  },
  parse(doc: RawDocument) {
    let value: unknown;
    try {
      value = JSON.parse(doc.body.toString('utf8'));
    } catch (error) {
      throw new ParseError(doc.sourceId, `not JSON: ${(error as Error).message}`);
    }
    if (value && typeof value === 'object' && 'skip' in value) return { skipped: String((value as { skip: unknown }).skip) };
    const checked = DeclarationDraftSchema.safeParse(value);
    if (!checked.success) throw new ParseError(doc.sourceId, `not a declaration draft: ${checked.error.issues[0]?.message}`);
    return { records: [checked.data], rejects: [] };
  },
  normalize: (record) => record,
};

export function docOf(draft: DeclarationDraft | { skip: string } | string, sourceId?: string): RawDocument {
  const body = typeof draft === 'string' ? draft : JSON.stringify(draft);
  return {
    sourceId: sourceId ?? (typeof draft === 'object' && 'sourceId' in draft ? draft.sourceId : 'raw'),
    url: null,
    retrievedAt: '2025-03-06T00:00:00.000Z',
    mediaType: 'application/json',
    body: Buffer.from(body),
  };
}
