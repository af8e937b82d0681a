import path from 'node:path';
import type { RawDocument, Skipped } from '../types.js';
import { readAnnouncement } from './html.js';

/**
 * Recognizes RNS announcements in an offline archive (Investegate pages, NSM artefacts, bare RNS
 * HTML). NSM search listings (JSON) hold metadata only and are out of scope.
 */
export function readFcaArchiveFile(relativePath: string, body: Buffer, retrievedAt: string): RawDocument | Skipped {
  const base = path.basename(relativePath);
  if (/\.json$/i.test(base)) {
    return { skipped: `${relativePath}: FCA NSM search listing (metadata only; each announcement is its own document)` };
  }
  const head = body.subarray(0, 4096).toString('utf8');
  if (!/\.x?html?$/i.test(base) && !/<(html|body|contentset)\b/i.test(head)) {
    return { skipped: `${relativePath}: not an HTML announcement` };
  }
  const stem = base.replace(/\.[^.]+$/, '');
  const page = readAnnouncement(body.toString('utf8'));
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(stem)?.[0];
  return {
    sourceId: page.announcementId ?? (uuid ? `NSM-${uuid}` : stem),
    url: page.url,
    retrievedAt,
    mediaType: 'text/html',
    body,
  };
}
