import { assembleNotifications } from '../mar19/assemble.js';
import { entriesFromLines, entriesFromRows } from '../mar19/entries.js';
import type { Mar19Notification } from '../mar19/types.js';
import { ParseError, type ParseOutcome, type RawDocument, type Skipped } from '../types.js';
import { readAnnouncement, type AnnouncementPage } from './html.js';

/** One person's notification inside one announcement. */
export interface FcaRecord {
  sourceId: string;
  /** 1-based position of this person in a bundled announcement. */
  position: number;
  count: number;
  page: Omit<AnnouncementPage, 'rows' | 'lines'>;
  notification: Mar19Notification;
}

function looksLikeHtml(body: Buffer): boolean {
  return /<(html|body|table|div|p|contentset)\b/i.test(body.subarray(0, 4096).toString('utf8'));
}

/** The announcement's id: Investegate's number, else RNS number + date, else the document's own id. */
export function announcementIdOf(page: AnnouncementPage, fallback: string): string {
  return page.announcementId ?? fallback;
}

/**
 * An RNS announcement (Investegate page or NSM artefact) → one record per person of its MAR
 * Article 19 notification(s). Announcements without the template (buy-backs, results…) are out of
 * scope; a template that names no person or no transaction is rejected person by person.
 */
export function parseFcaDocument(doc: RawDocument): ParseOutcome<FcaRecord> | Skipped {
  if (!looksLikeHtml(doc.body)) {
    const start = doc.body.subarray(0, 200).toString('utf8').trimStart();
    if (start.startsWith('{')) return { skipped: 'FCA NSM search listing (JSON): metadata only, each announcement is its own document' };
    throw new ParseError(doc.sourceId, 'not an HTML announcement');
  }
  const page = readAnnouncement(doc.body.toString('utf8'), doc.url);
  let entries = page.rows.length > 0 ? entriesFromRows(page.rows) : [];
  if (!entries.some((e) => e.field === 'name' || e.field === 'firstName' || e.field === 'namePosition')) {
    // The template printed as paragraphs ("a) Name: …") instead of a table.
    entries = entriesFromLines(page.lines, ['en']).entries;
  }
  const hasTemplate = entries.some((e) => e.field === 'nature' || e.field === 'pricesVolumes' || e.field === 'personSection');
  if (!hasTemplate) return { skipped: 'announcement without a MAR Article 19 notification (not a PDMR dealing)' };
  const notifications = assembleNotifications(entries, { decimalMark: '.', defaultCurrency: null });
  const announcementId = announcementIdOf(page, doc.sourceId);
  if (notifications.length === 0) throw new ParseError(doc.sourceId, 'MAR Article 19 table found but it names no person');
  const { rows: _rows, lines: _lines, ...pageFacts } = page;
  const records: FcaRecord[] = [];
  const rejects: ParseOutcome<FcaRecord>['rejects'] = [];
  notifications.forEach((notification, i) => {
    const sourceId = notifications.length > 1 ? `${announcementId}-${i + 1}` : announcementId;
    if (!notification.person.name) {
      rejects.push({ sourceId, message: 'notification without a person name' });
    } else if (notification.transactions.length === 0) {
      rejects.push({ sourceId, message: `notification of ${notification.person.name} lists no transaction` });
    } else if (!notification.issuer.name && !page.issuerHeader) {
      rejects.push({ sourceId, message: `notification of ${notification.person.name} names no issuer` });
    } else {
      records.push({ sourceId, position: i + 1, count: notifications.length, page: pageFacts, notification });
    }
  });
  return { records, rejects };
}
