import { matchLabel, MAR19_LANGUAGES, SECTION_FIELDS, type Mar19Field, type Mar19Language } from './labels.js';
import type { TemplateEntry } from './types.js';

/** Fields whose value may run over several lines after the label line. */
const MULTI_LINE_FIELDS: ReadonlySet<Mar19Field> = new Set([
  'namePosition',
  'name',
  'position',
  'instrument',
  'instrumentAndCode',
  'nature',
  'pricesVolumes',
  'aggregated',
  'comments',
]);

/** A second "LABEL : value" printed on the same line ("PRIX UNITAIRE : 32.8000 Euro   VOLUME : 50.0000"). */
const SECOND_LABEL_ON_LINE =
  /^(.*?\S)\s+((?:unit\s+)?price|prix(?:\s+unitaire)?|(?:aggregated\s+)?volume|volumen|preis)\s*:\s*(.*)$/i;

export interface TextEntries {
  entries: TemplateEntry[];
  /** Lines before the first label (document headers: numbers, dates, titles). */
  preamble: string[];
}

function hasColon(line: string): boolean {
  return /:/.test(line);
}

/**
 * Joins a label that the renderer wrapped over two lines ("TRANSACTION LIEE A L’EXERCICE … ATTRIBUTION"
 * / "D’ACTIONS GRATUITES OU DE PERFORMANCES : OUI"): a value label without a colon whose next line
 * carries the colon and is not itself a label.
 */
function mergeWrappedLabels(lines: string[], languages: readonly Mar19Language[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    const match = matchLabel(line, languages);
    if (
      match &&
      !SECTION_FIELDS.has(match.field) &&
      !hasColon(line) &&
      next !== undefined &&
      hasColon(next) &&
      /^[^a-z]*:/.test(next) &&
      !matchLabel(next, languages)
    ) {
      out.push(`${line} ${next}`);
      i++;
      continue;
    }
    out.push(line);
  }
  return out;
}

/**
 * Reads the template from running text, one rendered line per element: AMF PDF text ("NOM : X",
 * label line then value line), or RNS announcements that print the template as paragraphs
 * ("a) Name: John Smith"). Lines that are neither a label nor a value of one are left out.
 */
export function entriesFromLines(rawLines: string[], languages: readonly Mar19Language[] = MAR19_LANGUAGES): TextEntries {
  const lines = mergeWrappedLabels(
    rawLines.map((l) => l.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ').trim()).filter((l) => l.length > 0),
    languages,
  );
  const entries: TemplateEntry[] = [];
  const preamble: string[] = [];
  // The entry still taking value lines; a holder object because `push` reassigns it.
  const state: { open: TemplateEntry | null } = { open: null };
  const push = (entry: TemplateEntry) => {
    entries.push(entry);
    state.open = SECTION_FIELDS.has(entry.field) ? null : entry;
  };
  for (const line of lines) {
    const match = matchLabel(line, languages);
    const current = state.open;
    if (match && current && current.value === '' && match.field === current.field && match.rest === '') {
      // The value repeats the label's words ("Initial notification" under "Initial notification/Amendment").
      current.value = line;
      continue;
    }
    if (
      match &&
      current?.field === 'pricesVolumes' &&
      (match.field === 'price' || match.field === 'volume' || match.field === 'unitPrice') &&
      !line.includes(':')
    ) {
      // A column header under "Price(s) and volume(s)" ("Price(s) Volume(s)") is part of its value.
      current.value = current.value ? `${current.value}\n${line}` : line;
      continue;
    }
    if (match) {
      const second = SECOND_LABEL_ON_LINE.exec(match.rest);
      const secondMatch = second ? matchLabel(`${second[2]} : ${second[3]}`, languages) : null;
      if (second && secondMatch) {
        push({ field: match.field, language: match.language, value: second[1]! });
        push({ field: secondMatch.field, language: secondMatch.language, value: secondMatch.rest });
      } else {
        push({ field: match.field, language: match.language, value: match.rest });
      }
      continue;
    }
    if (current && (current.value === '' || MULTI_LINE_FIELDS.has(current.field))) {
      current.value = current.value ? `${current.value}\n${line}` : line;
      continue;
    }
    if (entries.length === 0) preamble.push(line);
  }
  return { entries, preamble };
}

/** One cell of a table row: its text (block elements on separate lines) and any nested table in it. */
export interface RowCell {
  text: string;
  table?: string[][];
}

const MARKER_CELL = /^\s*(\d{1,2}(\.\d{1,2})?\.?|[a-h]\)|\([a-h]\)|[a-h]\.|[-–•])?\s*$/;

/**
 * Reads the template from table rows (the RNS rendering): each row is [number] [label] [value],
 * with section headers spanning the label and value columns, and section 4(c) as a nested table.
 */
export function entriesFromRows(rows: RowCell[][], languages: readonly Mar19Language[] = MAR19_LANGUAGES): TemplateEntry[] {
  const entries: TemplateEntry[] = [];
  for (const row of rows) {
    const cells = [...row];
    while (cells.length > 1 && MARKER_CELL.test(cells[0]!.text) && !cells[0]!.table) cells.shift();
    if (cells.length === 0) continue;
    const [labelCell, ...valueCells] = cells;
    const match = matchLabel(labelCell!.text.replace(/\n+/g, ' '), languages);
    const valueText = valueCells.map((c) => c.text).join('\n').trim();
    const table = valueCells.find((c) => c.table)?.table;
    if (!match) {
      const previous = entries[entries.length - 1];
      // A label-less row under a multi-line field continues it (rowspan layouts).
      const text = [labelCell!.text, valueText].filter((t) => t.trim()).join('\n').trim();
      if (previous && text && MULTI_LINE_FIELDS.has(previous.field) && MARKER_CELL.test(row[0]?.text ?? '')) {
        previous.value = previous.value ? `${previous.value}\n${text}` : text;
      }
      continue;
    }
    const value = [match.rest, valueText].filter((t) => t.length > 0).join('\n');
    entries.push({ field: match.field, language: match.language, value, ...(table ? { table } : {}) });
  }
  return entries;
}
