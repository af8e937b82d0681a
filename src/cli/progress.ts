import type { IngestSummary } from '../ingest/runner.js';

/** A one-line progress display on a terminal; silent when stderr is not a TTY (logs, CI). */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDraw = 0;
  const enabled = Boolean(stream.isTTY);
  const render = (s: IngestSummary) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? (s.fetched / seconds).toFixed(1) : '0';
    const width = 24;
    const done = s.parsed + s.quarantined + s.skipped;
    const filled = s.fetched > 0 ? Math.min(width, Math.round((done / s.fetched) * width)) : 0;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${s.fetched} fetched, ${s.inserted} new, ${s.updated} updated, ${s.quarantined} quarantined (${rate}/s)`;
  };
  return {
    update(summary: IngestSummary) {
      if (!enabled) return;
      const now = performance.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      stream.write(`\r\x1b[2K${render(summary)}`);
    },
    done() {
      if (enabled) stream.write('\r\x1b[2K');
    },
  };
}

export function formatSummary(summary: IngestSummary, seconds: number): string {
  const s = summary;
  return (
    `fetched ${s.fetched}, parsed ${s.parsed}, inserted ${s.inserted}, updated ${s.updated}, ` +
    `unchanged ${s.unchanged}, quarantined ${s.quarantined}, skipped ${s.skipped} in ${seconds.toFixed(1)}s`
  );
}
