import path from 'node:path';
import type { RawDocument, Skipped } from '../types.js';

/** Recognizes DealingsInfo CSV exports in an offline archive (UTF-8, BOM, `;`, 13 columns). */
export function readBafinArchiveFile(relativePath: string, body: Buffer, retrievedAt: string): RawDocument | Skipped {
  const head = body.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/)[0] ?? '';
  if (!/^(Emittent|Issuer);BaFin-ID;ISIN;/i.test(firstLine)) {
    return { skipped: `${relativePath}: not a BaFin DealingsInfo CSV export` };
  }
  return {
    sourceId: `export-${path.basename(relativePath).replace(/\.[^.]+$/, '')}`,
    url: null,
    retrievedAt,
    mediaType: 'text/csv',
    body,
  };
}
