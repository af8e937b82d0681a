import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared real-document corpus: SIGMA_CORPUS, else ../shared/corpus beside the checkout. */
export const CORPUS_DIR = path.resolve(process.env.SIGMA_CORPUS ?? path.join(repoRoot, '../shared/corpus'));

export const corpusAvailable = existsSync(CORPUS_DIR);

let warned = false;
/**
 * True when the corpus is present; otherwise prints one loud line (once per file) and returns
 * false, so corpus suites use `describe.runIf(hasCorpus('sec'))`.
 */
export function hasCorpus(market: string): boolean {
  const dir = path.join(CORPUS_DIR, market);
  if (existsSync(dir)) return true;
  if (!warned) {
    warned = true;
    console.warn(`\n!!! CORPUS MISSING: ${dir} not found; corpus conformance tests are SKIPPED (set SIGMA_CORPUS) !!!\n`);
  }
  return false;
}

export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS_DIR, ...parts);
}
