import type { DeclarationDraft, Line } from '../model/index.js';

function renumber(lines: Line[]): Line[] {
  return lines.map((line, index) => ({ ...line, line: index + 1 }));
}

/**
 * Folds one amendment into the canonical record of its original. The amendment's transactions
 * replace the original's only when it reports transactions (a holdings-only amendment never erases
 * them), and likewise for holdings; the reporting person's facts, plan flag and remarks come from
 * the amendment; identity and publication date stay the original's.
 */
export function foldAmendment(canonical: DeclarationDraft, amendment: DeclarationDraft): DeclarationDraft {
  const pick = (from: DeclarationDraft, kind: Line['kind']) => from.lines.filter((l) => l.kind === kind);
  const amendedTransactions = pick(amendment, 'transaction');
  const amendedHoldings = pick(amendment, 'holding');
  const transactions = amendedTransactions.length ? amendedTransactions : pick(canonical, 'transaction');
  const holdings = amendedHoldings.length ? amendedHoldings : pick(canonical, 'holding');
  return {
    ...canonical,
    isPlanned: amendment.isPlanned ?? canonical.isPlanned,
    plannedEvidence: amendment.isPlanned === null ? canonical.plannedEvidence : amendment.plannedEvidence,
    company: { ...canonical.company, ...withoutNulls(amendment.company) },
    insider: amendment.insider,
    coReporters: amendment.coReporters,
    lines: renumber([...transactions, ...holdings]),
    remarks: amendment.remarks ?? canonical.remarks,
    footnotes: { ...canonical.footnotes, ...amendment.footnotes },
    extras: { ...canonical.extras, ...amendment.extras },
  };
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as Partial<T>;
}

/** The canonical content of an original after every amendment, folded in publication order. */
export function foldAmendments(original: DeclarationDraft, amendments: DeclarationDraft[]): DeclarationDraft {
  return [...amendments]
    .sort((a, b) => (a.pubDate === b.pubDate ? a.id.localeCompare(b.id) : a.pubDate.localeCompare(b.pubDate)))
    .reduce(foldAmendment, original);
}
