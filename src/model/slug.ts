import { createHash } from 'node:crypto';

/** Strips accents and folds case: "Société Générale" → "societe generale". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
}

export function slugify(text: string, maxLength = 80): string {
  const slug = foldText(text)
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : 'unnamed';
}

/** A short, stable suffix derived from an identity key, used when a plain slug is taken. */
export function slugSuffix(identityKey: string): string {
  return createHash('sha256').update(identityKey).digest('hex').slice(0, 6);
}

const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'm', 'mme', 'mlle', 'herr', 'frau',
  'jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'cbe', 'obe', 'mbe', 'kbe', 'dipl', 'ing',
]);

/**
 * A person's name reduced to a comparison key that ignores accents, case, punctuation, titles and
 * word order, so "Dr. MÜLLER, Hans" and "Hans Müller" meet. Only ever compared within one issuer.
 */
export function personNameKey(name: string): string {
  const words = foldText(name)
    // Apostrophes join, not split: "O'Brien", "O’Brien" and "OBrien" are one name.
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((w) => w.length > 0 && !HONORIFICS.has(w));
  return words.sort().join(' ');
}
