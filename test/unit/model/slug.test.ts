import { describe, expect, it } from 'vitest';
import { foldText, personNameKey, slugify } from '../../../src/model/index.js';

describe('names', () => {
  it('fold accents and case', () => {
    expect(foldText('Société Générale ÄÖÜ ß')).toBe('societe generale aou ss');
  });

  it('make URL slugs', () => {
    expect(slugify('LVMH Moët Hennessy – Louis Vuitton SE')).toBe('lvmh-moet-hennessy-louis-vuitton-se');
    expect(slugify('AT&T Inc.')).toBe('at-and-t-inc');
    expect(slugify('***')).toBe('unnamed');
  });

  it('match a person across word order, titles and accents', () => {
    expect(personNameKey('Dr. MÜLLER, Hans')).toBe(personNameKey('Hans Müller'));
    expect(personNameKey('Musk Elon')).toBe(personNameKey('Elon Musk'));
    expect(personNameKey('Hans Müller')).not.toBe(personNameKey('Hanna Müller'));
  });
});
