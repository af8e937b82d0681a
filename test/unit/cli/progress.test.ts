import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../../src/cli/progress.js';
import { emptySummary, type IngestSummary } from '../../../src/ingest/runner.js';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (chunk: string) => written.push(chunk) > 0 }, written };
}

const summary = (over: Partial<IngestSummary>): IngestSummary => ({ ...emptySummary(), ...over });

describe('ingest progress display', () => {
  it('draws handled ÷ total when the total is known (an archive)', () => {
    const t = terminal(true);
    progressReporter('sec', { total: 40, stream: t.stream }).update(summary({ fetched: 20, parsed: 15, quarantined: 2, skipped: 3, inserted: 15 }));
    expect(t.written.join('')).toContain(`sec [${'#'.repeat(12)}${'.'.repeat(12)}] 20/40 files, 20 fetched, 15 new`);
  });

  it('shows counts without a bar when the total is unknown (a live fetch)', () => {
    const t = terminal(true);
    progressReporter('sec', { stream: t.stream }).update(summary({ fetched: 7, parsed: 7, inserted: 5, updated: 2 }));
    const line = t.written.join('');
    expect(line).toContain('sec 7 fetched, 5 new, 2 updated, 0 quarantined');
    expect(line).not.toMatch(/\[[#.]+\]/);
  });

  it('stays silent off a terminal', () => {
    const t = terminal(false);
    const progress = progressReporter('sec', { total: 10, stream: t.stream });
    progress.update(summary({ fetched: 5, parsed: 5 }));
    progress.done();
    expect(t.written).toEqual([]);
  });
});
