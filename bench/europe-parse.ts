/**
 * Parse + normalize throughput of the three European adapters on the real corpus files
 * (../shared/corpus/{fr,de,uk}, or SIGMA_CORPUS): the AMF DD PDF (text extraction included), the
 * BaFin DealingsInfo CSV export, and the RNS announcements (Investegate pages and the NSM artefact).
 * Out-of-scope files (listings, non-DD PDFs) are left out. Each adapter runs a few rounds and keeps
 * its best, which damps the noise of a shared machine.
 *
 * Standalone: `npx tsx bench/europe-parse.ts` prints the rows and writes bench/results/europe-parse.json.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { amfAdapter } from '../adapters/amf/index.js';
import { bafinAdapter } from '../adapters/bafin/index.js';
import { fcaAdapter } from '../adapters/fca/index.js';
import { isSkipped, type RawDocument, type SourceAdapter } from '../adapters/types.js';
import type { BenchRow } from './lib/results.js';


const ROUNDS = 3;
const ROUND_MS = 600;

/**
 * Targets per adapter, in documents per second on one core. A BDIF day brings a few hundred DD
 * PDFs, a BaFin export one CSV per slice, RNS a few hundred PDMR announcements: each target keeps
 * a full day's re-parse under a minute with a wide margin.
 */
const TARGETS = { amf: 40, bafin: 500, fca: 50 } as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.resolve(process.env.SIGMA_CORPUS ?? path.join(repoRoot, '../shared/corpus'));

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    out = statSync(full).isDirectory() ? [...out, ...filesUnder(full)] : [...out, full];
  }
  return out;
}

/** The corpus documents of one market that the adapter reads into at least one record. */
function inScopeDocuments(adapter: SourceAdapter, market: string): RawDocument[] {
  const dir = path.join(corpusDir, market);
  const docs: RawDocument[] = [];
  for (const file of filesUnder(dir)) {
    if (/\.md$/i.test(file)) continue;
    const doc = adapter.readArchiveFile(path.relative(dir, file), readFileSync(file), '2026-01-01T00:00:00.000Z');
    if (isSkipped(doc)) continue;
    const outcome = adapter.parse(doc);
    if (!isSkipped(outcome) && outcome.records.length > 0) docs.push(doc);
  }
  return docs;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Best documents/s and records/s over a few timed rounds of parse + normalize. */
function measure(adapter: SourceAdapter, docs: RawDocument[]): { docsPerSecond: number; recordsPerSecond: number } {
  let best = { docsPerSecond: 0, recordsPerSecond: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    let documents = 0;
    let records = 0;
    const start = performance.now();
    while (performance.now() - start < ROUND_MS) {
      for (const doc of docs) {
        const outcome = adapter.parse(doc);
        if (isSkipped(outcome)) continue;
        for (const record of outcome.records) adapter.normalize(record, doc);
        documents++;
        records += outcome.records.length;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    if (documents / seconds > best.docsPerSecond) best = { docsPerSecond: documents / seconds, recordsPerSecond: records / seconds };
  }
  return best;
}

export async function benchEuropeParse(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const subjects: Array<[keyof typeof TARGETS, SourceAdapter, string]> = [
    ['amf', amfAdapter as SourceAdapter, 'fr'],
    ['bafin', bafinAdapter as SourceAdapter, 'de'],
    ['fca', fcaAdapter as SourceAdapter, 'uk'],
  ];
  for (const [name, adapter, market] of subjects) {
    const docs = inScopeDocuments(adapter, market);
    if (docs.length === 0) {
      rows.push({ metric: `${name}.parse_normalize`, value: 0, unit: 'documents/s (no corpus documents found)', target: `>= ${TARGETS[name]}`, met: false });
      continue;
    }
    measure(adapter, docs.slice(0, 1)); // warm-up: JIT, and the AMF PDF worker start
    const { docsPerSecond, recordsPerSecond } = measure(adapter, docs);
    rows.push(
      { metric: `${name}.parse_normalize`, value: round(docsPerSecond), unit: 'documents/s', target: `>= ${TARGETS[name]}`, met: docsPerSecond >= TARGETS[name] },
      { metric: `${name}.records`, value: round(recordsPerSecond), unit: 'declarations/s', target: null, met: null },
      { metric: `${name}.corpus_documents`, value: docs.length, unit: 'documents', target: null, met: null },
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchEuropeParse();
  console.table(rows);
  const out = path.join(repoRoot, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'europe-parse.json'), `${JSON.stringify(rows, null, 2)}\n`);
}
