import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import type { SecOwnershipFiling } from '../../../adapters/sec/record.js';
import { isSkipped, type RawDocument } from '../../../adapters/types.js';
import { DeclarationDraftSchema, type DeclarationDraft } from '../../../src/model/index.js';

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sec');

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
}

/** A raw document as the archive reader would make it from a fixture file (or from edited text). */
export function fixtureDoc(name: string, text?: string): RawDocument {
  const body = text === undefined ? readFileSync(path.join(FIXTURE_DIR, name)) : Buffer.from(text, 'utf8');
  const doc = secAdapter.readArchiveFile(name, body, '2026-01-01T00:00:00.000Z');
  if (isSkipped(doc)) throw new Error(`fixture ${name} was skipped: ${doc.skipped}`);
  return doc;
}

export function parseOne(doc: RawDocument): SecOwnershipFiling {
  const outcome = secAdapter.parse(doc);
  if (isSkipped(outcome)) throw new Error(`skipped: ${outcome.skipped}`);
  expect(outcome.records).toHaveLength(1);
  expect(outcome.rejects).toEqual([]);
  return outcome.records[0]!;
}

/** Parses and normalizes, and checks the draft against the common model's schema. */
export function draftOf(doc: RawDocument): DeclarationDraft {
  const draft = secAdapter.normalize(parseOne(doc), doc);
  return DeclarationDraftSchema.parse(draft);
}
