import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreDeclaration } from '../../../scoring/index.js';
import { SCORE_VERSIONS, weightsHash } from '../../../scoring/versions.js';
import { SCORE_VERSION, WEIGHTS, type WeightsTable } from '../../../scoring/weights.js';
import { line, scoringInput, strongBuy } from './input-builder.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const methodology = readFileSync(path.join(root, 'methodology.md'), 'utf8');

/** Versions as published, append-only: editing a published line in scoring/versions.ts fails here. */
const PUBLISHED = [{ version: 'v3', weightsHash: 'f01d49cbf5dd5d7f' }];

/**
 * What each published version gives three reference declarations (a plain director's purchase,
 * a strong purchase, a strong-context sale). Changing a factor's code or a weight without a new
 * SCORE_VERSION changes these and fails; a new version adds its own line.
 */
const GOLDEN_POINTS: Record<string, Array<Record<string, number>>> = {
  v3: [
    { transactionType: 10, role: 7, opportunistic: 6, cluster: 0, relativeSize: 9, firmSize: 0, contrarian: 0, planned: 0, timeliness: 5 },
    { transactionType: 10, role: 15, opportunistic: 15, cluster: 20, relativeSize: 15, firmSize: 10, contrarian: 10, planned: 0, timeliness: 5 },
    { transactionType: 10, role: 10, opportunistic: 10, cluster: 12, relativeSize: 7, firmSize: 5, contrarian: 0, planned: 0, timeliness: 5 },
  ],
};
const referenceInputs = () => [
  scoringInput(),
  scoringInput(strongBuy),
  scoringInput({ ...strongBuy, direction: 'SELL', lines: [line({ nature: 'SELL', shares: 4000, sharesOwnedAfter: 6000 })] }),
];

describe('score versioning', () => {
  it('records the hash of the current weights table under the current SCORE_VERSION', () => {
    const entry = SCORE_VERSIONS.find((v) => v.version === SCORE_VERSION);
    expect(entry, `scoring/versions.ts has no entry for ${SCORE_VERSION}`).toBeDefined();
    expect(
      entry!.weightsHash,
      `scoring/weights.ts changed (hash ${weightsHash()}): bump SCORE_VERSION, append it to scoring/versions.ts and document it in methodology.md`,
    ).toBe(weightsHash());
    expect(SCORE_VERSIONS.at(-1)!.version).toBe(SCORE_VERSION);
  });

  it('has a methodology.md section for every recorded version, naming its weights hash', () => {
    for (const { version, weightsHash: hash } of SCORE_VERSIONS) {
      expect(methodology, `methodology.md needs a "## Version ${version} (weights ${hash})" section`).toContain(
        `## Version ${version} (weights ${hash})`,
      );
    }
  });

  it('documents every factor of the composite in methodology.md', () => {
    for (const factor of scoreDeclaration(scoringInput()).factors) {
      expect(methodology, `methodology.md has no section for ${factor.key}`).toMatch(new RegExp(`### \\d\\. ${factor.label}[^\\n]*\\(\`${factor.key}\`\\)`));
    }
  });

  it('keeps every published version line as published (append-only)', () => {
    expect(SCORE_VERSIONS.slice(0, PUBLISHED.length).map(({ version, weightsHash: hash }) => ({ version, weightsHash: hash }))).toEqual(PUBLISHED);
  });

  it('scores the reference declarations exactly as recorded for the current version', () => {
    const golden = GOLDEN_POINTS[SCORE_VERSION];
    expect(golden, `record the reference points of ${SCORE_VERSION} in GOLDEN_POINTS`).toBeDefined();
    const actual = referenceInputs().map((input) => Object.fromEntries(scoreDeclaration(input).factors.map((f) => [f.key, f.points])));
    expect(actual, 'factor code or weights changed: bump SCORE_VERSION and document it in methodology.md').toEqual(golden);
  });

  it('never reuses a version name or a weights hash', () => {
    expect(new Set(SCORE_VERSIONS.map((v) => v.version)).size).toBe(SCORE_VERSIONS.length);
    expect(new Set(SCORE_VERSIONS.map((v) => v.weightsHash)).size).toBe(SCORE_VERSIONS.length);
  });

  it('changes the hash when any threshold or point changes, and not when keys are reordered', () => {
    const changed = structuredClone(WEIGHTS) as WeightsTable;
    changed.tracks.BUY.cluster.pointsByOtherInsiders[1] = 9;
    expect(weightsHash(changed)).not.toBe(weightsHash());
    const reordered = Object.fromEntries(Object.entries(structuredClone(WEIGHTS)).reverse()) as unknown as WeightsTable;
    expect(weightsHash(reordered)).toBe(weightsHash());
  });

  it('keeps the weights table frozen at run time', () => {
    expect(Object.isFrozen(WEIGHTS.tracks.BUY.role.points)).toBe(true);
  });
});
