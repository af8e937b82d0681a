import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 500" or "<= 300"; null when the row is context only. */
  target: string | null;
  met: boolean | null;
}

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export function row(metric: string, value: number, unit: string, target?: { atLeast?: number; atMost?: number }): BenchRow {
  const rounded = Math.round(value * 1000) / 1000;
  if (!target) return { metric, value: rounded, unit, target: null, met: null };
  if (target.atLeast !== undefined) return { metric, value: rounded, unit, target: `>= ${target.atLeast}`, met: value >= target.atLeast };
  return { metric, value: rounded, unit, target: `<= ${target.atMost}`, met: value <= target.atMost! };
}

/** Writes bench/results/<name>.json and prints the rows as a table. */
export async function writeResults(name: string, rows: BenchRow[]): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify(rows, null, 2)}\n`);
  console.table(rows.map((r) => ({ ...r, met: r.met === null ? '' : r.met ? 'yes' : 'NO' })));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return file;
}
