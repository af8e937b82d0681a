import { describe, expect, it } from 'vitest';
import { entriesFromLines, matchLabel, MAR19_LABELS, MAR19_LANGUAGES } from '../../../adapters/mar19/index.js';

describe('matchLabel', () => {
  it.each([
    ['a) Name', 'name', 'en', ''],
    ['Name(s)', 'name', 'en', ''],
    ['b) Initial notification /Amendment', 'notificationType', 'en', ''],
    ['4.1 Details of the transaction(s): section to be repeated for (i) each type of instrument; (ii) each type of transaction; (iii) each date; and (iv) each place where transactions have been conducted', 'transactionSection', 'en', ''],
    ['Description of the financial instrument, type of instrument Identification code', 'instrumentAndCode', 'en', ''],
    ['c) Price(s) and volume(s)', 'pricesVolumes', 'en', ''],
    ['Price(s) & Volume(s)', 'pricesVolumes', 'en', ''],
    ['Aggregated information - Aggregated volume - Price', 'aggregated', 'en', ''],
    ['- Aggregated volume', 'aggregatedVolume', 'en', ''],
    ['Date of the transactions', 'date', 'en', ''],
    ['NOM : MEDIAN TECHNOLOGIES', 'name', 'fr', 'MEDIAN TECHNOLOGIES'],
    ['CODE D’IDENTIFICATION DE L’INSTRUMENT FINANCIER : ALMDT', 'identificationCode', 'fr', 'ALMDT'],
    ['CODE D™IDENTIFICATION DE L™INSTRUMENT FINANCIER : ALMDT', 'identificationCode', 'fr', 'ALMDT'],
    ['PRIX UNITAIRE : 1.5000 Euro', 'unitPrice', 'fr', '1.5000 Euro'],
    ['INFORMATION DETAILLEE PAR OPERATION', 'detailedOperations', 'fr', ''],
    ['DETAIL DE LA TRANSACTION 2', 'transactionSection', 'fr', ''],
    ['b) Erstmeldung/Berichtigung: Erstmeldung', 'notificationType', 'de', 'Erstmeldung'],
    ['a) Position/Status: in enger Beziehung', 'position', 'en', 'in enger Beziehung'], // same label words in English and German
    ['b) Art des Geschäfts: Kauf', 'nature', 'de', 'Kauf'],
    ['d) Aggregierte Informationen', 'aggregated', 'de', ''],
    ['Aggregiertes Volumen: 12.661,00 EUR', 'aggregatedVolume', 'de', '12.661,00 EUR'],
    ['f) Ort des Geschäfts: Xetra', 'place', 'de', 'Xetra'],
    ['Natura dell’operazione: Acquisto', 'nature', 'it', 'Acquisto'],
    ['Naturaleza de la operación: Compra', 'nature', 'es', 'Compra'],
    ['Aard van de transactie: Aankoop', 'nature', 'nl', 'Aankoop'],
  ])('%s → %s', (text, field, language, rest) => {
    expect(matchLabel(text)).toEqual({ field, language, rest });
  });

  it('does not take values for labels', () => {
    expect(matchLabel('Rain Newton-Smith')).toBeNull();
    expect(matchLabel('Ordinary shares of 25p')).toBeNull();
    expect(matchLabel('84 516.0000')).toBeNull();
  });

  it('has a dictionary for every supported language', () => {
    for (const language of MAR19_LANGUAGES) expect(MAR19_LABELS[language].length).toBeGreaterThan(10);
  });
});

describe('entriesFromLines', () => {
  it('joins a label wrapped over two lines and keeps its value', () => {
    const { entries } = entriesFromLines([
      'TRANSACTION LIEE A L’EXERCICE DE PROGRAMMES D’OPTIONS SUR ACTIONS OU SUR UNE ATTRIBUTION',
      'D’ACTIONS GRATUITES OU DE PERFORMANCES : OUI',
      'DATE DE RECEPTION DE LA NOTIFICATION : 30 juin 2026',
    ]);
    expect(entries.map((e) => [e.field, e.value])).toEqual([
      ['programmeLinked', 'OUI'],
      ['receivedDate', '30 juin 2026'],
    ]);
  });

  it('reads the value on the line after a bare label, even when it repeats the label words', () => {
    const { entries } = entriesFromLines(['INITIAL NOTIFICATION / AMENDMENT:', 'Initial notification', 'DETAILS OF THE ISSUER']);
    expect(entries.map((e) => [e.field, e.value])).toEqual([
      ['notificationType', 'Initial notification'],
      ['issuerSection', ''],
    ]);
  });

  it('splits two labels printed on one line', () => {
    const { entries } = entriesFromLines(['PRIX UNITAIRE : 32.8000 Euro      VOLUME : 50.0000']);
    expect(entries.map((e) => [e.field, e.value])).toEqual([
      ['unitPrice', '32.8000 Euro'],
      ['volume', '50.0000'],
    ]);
  });

  it('keeps the lines before the first label as the preamble', () => {
    const { preamble } = entriesFromLines(['2026DD1123798  30 juin 2026', 'FR0011049824 - DD193084', 'NOM : X']);
    expect(preamble).toEqual(['2026DD1123798 30 juin 2026', 'FR0011049824 - DD193084']);
  });
});
