import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import { isSkipped, ParseError } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';
import { fixtureText } from './fixtures.js';

/** Bad input never crashes: any damaged document parses, is skipped, or throws ParseError. */
describe('SEC parse robustness', () => {
  const sources = ['form4-sec-header.txt', 'form4-submission-tags.nc', 'form4-joint.xml', 'form4a-amendment.txt'].map(fixtureText);
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('<', '>', '&', '</value>', '<value>', '"', '\u0000', '&#xD800;', '<!--', '<![CDATA[', 'é', '\n') }),
  );

  it('parses, skips or throws ParseError — and every draft it does produce is schema-valid', () => {
    fc.assert(
      fc.property(fc.nat(sources.length - 1), fc.array(damage, { minLength: 1, maxLength: 3 }), (which, damages) => {
        let text = sources[which]!;
        for (const d of damages) {
          const at = d.at % (text.length + 1);
          if (d.kind === 'truncate') text = text.slice(0, at);
          else if (d.kind === 'delete') text = text.slice(0, at) + text.slice(at + d.length);
          else text = text.slice(0, at) + d.text + text.slice(at);
        }
        const doc = { sourceId: 'fuzz', url: null, retrievedAt: '2026-01-01T00:00:00.000Z', mediaType: 'text/plain', body: Buffer.from(text) };
        let outcome;
        try {
          outcome = secAdapter.parse(doc);
        } catch (error) {
          expect(error).toBeInstanceOf(ParseError);
          expect((error as ParseError).sourceId).toBe('fuzz');
          return;
        }
        if (isSkipped(outcome)) return;
        for (const record of outcome.records) DeclarationDraftSchema.parse(secAdapter.normalize(record, doc));
      }),
      { numRuns: 600 },
    );
  });
});
