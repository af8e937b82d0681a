import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCORE_VERSIONS, weightsHash } from '../../../scoring/versions.js';
import { SCORE_VERSION, WEIGHTS, type WeightsTable } from '../../../scoring/weights.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const methodology = readFileSync(path.join(root, 'methodology.md'), 'utf8');

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

  it('documents every factor of the composite in methodology.md', async () => {
    const { scoreDeclaration } = await import('../../../scoring/index.js');
    const { scoringInput } = await import('./input-builder.js');
    for (const factor of scoreDeclaration(scoringInput()).factors) {
      expect(methodology, `methodology.md has no section for ${factor.key}`).toMatch(new RegExp(`### \\d\\. ${factor.label}[^\\n]*\\(\`${factor.key}\`\\)`));
    }
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
