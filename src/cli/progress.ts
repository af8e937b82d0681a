import type { IngestSummary } from '../ingest/runner.js';

/**
 * A one-line progress display on a terminal; silent when stderr is not a TTY (logs, CI). With a
 * known `total` (an archive's file count) it draws a bar of handled ÷ total; a live fetch has no
 * total, so it shows counts only rather than a bar that would always look full.
 */
export function progressReporter(label: string, options: { total?: number; stream?: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> } = {}) {
  const stream = options.stream ?? process.stderr;
  const total = options.total ?? null;
  const started = performance.now();
  let lastDraw = 0;
  const enabled = Boolean(stream.isTTY);
  const render = (s: IngestSummary) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? (s.fetched / seconds).toFixed(1) : '0';
    const counts = `${s.fetched} fetched, ${s.inserted} new, ${s.updated} updated, ${s.quarantined} quarantined (${rate}/s)`;
    if (total === null || total <= 0) return `${label} ${counts}`;
    const width = 24;
    const handled = Math.min(total, s.parsed + s.quarantined + s.skipped);
    const filled = Math.round((handled / total) * width);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${handled}/${total} files, ${counts}`;
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
