import type { Mar19Field, Mar19Language } from './labels.js';
import type { ReportedAmount } from './numbers.js';
import type { AggregatedInformation, Mar19Tranche } from './tranches.js';

/** One labelled value of the template as a renderer (table, PDF text, paragraphs) delivered it. */
export interface TemplateEntry {
  field: Mar19Field;
  language: Mar19Language;
  /** The value, lines joined with "\n"; "" when the label stands alone. */
  value: string;
  /** Rows of a nested table in the value cell (section 4(c) "Price(s) | Volume(s)"). */
  table?: string[][];
}

/** Section 1 and 2(a): who dealt, in what capacity. */
export interface Mar19Person {
  name: string;
  /** Position/status as printed ("CEO", "Vorstand", "in enger Beziehung", "PDMR (Non-Executive Director)"). */
  position: string | null;
  /** For a closely associated person, the PDMR they are linked to when the notification names them. */
  associatedWith: string | null;
  closelyAssociated: boolean;
}

/** Section 4: one instrument × nature × date × place. */
export interface Mar19Transaction {
  instrument: string | null;
  /** The identification code as printed: usually an ISIN, sometimes a ticker (AMF "ALMDT"). */
  identificationCode: string | null;
  /** The identification code when it is a valid ISIN. */
  isin: string | null;
  nature: string | null;
  tranches: Mar19Tranche[];
  aggregated: AggregatedInformation | null;
  /** First (or only) date of the transaction, YYYY-MM-DD. */
  date: string | null;
  /** Last date when the notification gives a span ("13 - 20 May 2026"); null for a single date. */
  dateTo: string | null;
  dateRaw: string | null;
  place: string | null;
  currency: string | null;
  /** AMF: "transaction liée à l'exercice de programmes d'options…" OUI/NON; null when not printed. */
  linkedToProgramme: boolean | null;
}

export type NotificationType = 'initial' | 'amendment';

/** One notification of one person about one issuer, in the template's terms. */
export interface Mar19Notification {
  language: Mar19Language | null;
  person: Mar19Person;
  notificationType: NotificationType | null;
  notificationTypeRaw: string | null;
  issuer: { name: string | null; lei: string | null; leiRaw: string | null };
  transactions: Mar19Transaction[];
  /** AMF: "date de réception de la notification". */
  receivedDate: string | null;
  comments: string | null;
  /** Things the parser could read only partly, kept so a reader can check the document. */
  warnings: string[];
}

export type { AggregatedInformation, Mar19Tranche, ReportedAmount };
