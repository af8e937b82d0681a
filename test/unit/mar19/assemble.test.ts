import { describe, expect, it } from 'vitest';
import { assembleNotifications, entriesFromRows, parseMar19Text, type RowCell } from '../../../adapters/mar19/index.js';

const opts = { decimalMark: 'auto' as const, defaultCurrency: null };
const lines = (text: string) => text.split('\n');

describe('template in English running text (RNS paragraphs)', () => {
  const text = `1 Details of the person discharging managerial responsibilities / person closely associated
a) Name: Jane Doe
2 Reason for the notification
a) Position/status: Chief Financial Officer
b) Initial notification/Amendment: Amendment
3 Details of the issuer, emission allowance market participant, auction platform, auctioneer or auction monitor
a) Name: Sample Holdings plc
b) LEI: 213800SAMPLEPLC00007
4 Details of the transaction(s): section to be repeated for (i) each type of instrument; (ii) each type of transaction; (iii) each date; and (iv) each place where transactions have been conducted
a) Description of the financial instrument, type of instrument: Ordinary shares of 10p each
Identification code: GB00SAMPLE09
b) Nature of the transaction: Sale of shares
c) Price(s) and volume(s): 250.5p 10,000
d) Aggregated information
- Aggregated volume: 10,000
- Price: 250.5p
e) Date of the transaction: 12 May 2026
f) Place of the transaction: London Stock Exchange, AIM (XLON)`;

  it('reads every field of the template', () => {
    const { notifications } = parseMar19Text(lines(text), opts);
    expect(notifications).toHaveLength(1);
    const n = notifications[0]!;
    expect(n.person).toEqual({ name: 'Jane Doe', position: 'Chief Financial Officer', associatedWith: null, closelyAssociated: false });
    expect(n.notificationType).toBe('amendment');
    expect(n.issuer).toEqual({ name: 'Sample Holdings plc', lei: '213800SAMPLEPLC00007', leiRaw: '213800SAMPLEPLC00007' });
    expect(n.language).toBe('en');
    const t = n.transactions[0]!;
    expect(t).toMatchObject({
      instrument: 'Ordinary shares of 10p each',
      isin: 'GB00SAMPLE09',
      nature: 'Sale of shares',
      date: '2026-05-12',
      place: 'London Stock Exchange, AIM (XLON)',
      currency: 'GBP',
    });
    expect(t.tranches.map((x) => [x.price?.value, x.volume])).toEqual([[2.505, 10000]]);
    expect(t.aggregated).toMatchObject({ volume: 10000, price: { value: 2.505, currency: 'GBP', convertedFromMinorUnit: true } });
  });
});

describe('several transactions and several persons', () => {
  it('starts a new transaction when section 4 repeats', () => {
    const text = `a) Name: Jane Doe
a) Position/status: Non-Executive Director
b) Initial notification/Amendment: Initial notification
a) Name: Sample Holdings plc
b) LEI: 213800SAMPLEPLC00007
4.1 Details of the transaction(s)
a) Description of the financial instrument, type of instrument: Ordinary shares
Identification code: GB00SAMPLE09
b) Nature of the transaction: Exercise of options
c) Price(s) and volume(s): £0.00 5,000
e) Date of the transaction: 10 May 2026
f) Place of the transaction: Outside a trading venue
4.2 Details of the transaction(s)
a) Description of the financial instrument, type of instrument: Ordinary shares
Identification code: GB00SAMPLE09
b) Nature of the transaction: Sale of shares to cover tax
c) Price(s) and volume(s): £2.40 2,350
e) Date of the transaction: 10 May 2026
f) Place of the transaction: London Stock Exchange`;
    const [n] = parseMar19Text(lines(text), opts).notifications;
    expect(n!.transactions.map((t) => [t.nature, t.tranches[0]?.price?.value, t.tranches[0]?.volume, t.place])).toEqual([
      ['Exercise of options', 0, 5000, 'Outside a trading venue'],
      ['Sale of shares to cover tax', 2.4, 2350, 'London Stock Exchange'],
    ]);
  });

  it('starts a new notification when section 1 repeats after a transaction', () => {
    const block = (name: string, price: string) => `1 Details of the person discharging managerial responsibilities / person closely associated
a) Name: ${name}
2 Reason for the notification
a) Position/status: Director
b) Initial notification/Amendment: Initial notification
3 Details of the issuer
a) Name: Sample Holdings plc
b) LEI: 213800SAMPLEPLC00007
4 Details of the transaction(s)
a) Description of the financial instrument: Ordinary shares GB00SAMPLE09
b) Nature of the transaction: Purchase
c) Price(s) and volume(s): ${price} 1,000
e) Date of the transaction: 11 May 2026
f) Place of the transaction: XLON`;
    const { notifications } = parseMar19Text(lines(`${block('Alice Smith', '£1.10')}\n${block('Bob Jones', '£1.20')}`), opts);
    expect(notifications.map((n) => [n.person.name, n.issuer.name, n.transactions[0]?.tranches[0]?.price?.value])).toEqual([
      ['Alice Smith', 'Sample Holdings plc', 1.1],
      ['Bob Jones', 'Sample Holdings plc', 1.2],
    ]);
  });

  it('splits numbered persons and their numbered tranches in one table', () => {
    const row = (...cells: string[]): RowCell[] => cells.map((text) => ({ text }));
    const rows: RowCell[][] = [
      row('1', 'Details of the persons discharging managerial responsibilities / person closely associated'),
      row('a)', 'Name(s)', '1. Alice Smith\n2. Bob Jones'),
      row('a)', 'Position/status', '1. Chief Executive Officer\n2. Chief Financial Officer'),
      row('b)', 'Initial notification / Amendment', 'Initial notification'),
      row('a)', 'Name', 'Sample Holdings plc'),
      row('b)', 'LEI', '213800SAMPLEPLC00007'),
      row('a)', 'Description of the financial instrument, type of instrument Identification code', 'Ordinary shares GB00SAMPLE09'),
      row('b)', 'Nature of the transaction', 'Purchase under the dividend reinvestment plan'),
      [{ text: 'c)' }, { text: 'Price(s) and volume(s)' }, { text: 'Price Volume', table: [['Price', 'Volume'], ['1. £ 5.79', '50'], ['2. £ 5.79', '53']] }],
      row('d)', 'Aggregated information', 'N/A'),
      row('e)', 'Date of the transactions', '23 April 2026'),
      row('f)', 'Place of the transactions', 'London Stock Exchange'),
    ];
    const notifications = assembleNotifications(entriesFromRows(rows), opts);
    expect(notifications.map((n) => [n.person.name, n.person.position, n.transactions[0]?.tranches.map((t) => t.volume)])).toEqual([
      ['Alice Smith', 'Chief Executive Officer', [50]],
      ['Bob Jones', 'Chief Financial Officer', [53]],
    ]);
  });

  it('splits numbered natures of one person into transactions', () => {
    const text = `a) Name: Adam Example
a) Position/status: Chief Strategy Officer
b) Initial notification/Amendment: Initial notification
a) Name: Sample Holdings plc
a) Description of the financial instrument: Ordinary shares GB00SAMPLE09
b) Nature of the transaction: 1. Sale of Ordinary Shares 2. Purchase of Ordinary Shares
c) Price(s) and volume(s): Price Volume 1. Sale £1.496 16,104 2. Purchase £1.498 16,104
e) Date of the transaction: 4 September 2024`;
    const [n] = parseMar19Text(lines(text), opts).notifications;
    // No "Details of the issuer" header: the second name after the position is the issuer's.
    expect(n!.issuer.name).toBe('Sample Holdings plc');
    expect(n!.person.name).toBe('Adam Example');
    expect(n!.transactions.map((t) => [t.nature, t.tranches.map((x) => x.price?.value)])).toEqual([
      ['Sale of Ordinary Shares', [1.496]],
      ['Purchase of Ordinary Shares', [1.498]],
    ]);
  });
});

describe('closely associated persons', () => {
  it('reads a German notification of a person in a close relationship', () => {
    const text = `Angaben zu den Personen, die Führungsaufgaben wahrnehmen, sowie in enger Beziehung zu ihnen stehende Personen
Vorname: Anna
Nachname: Beispiel
Grund der Meldung
a) Position/Status: in enger Beziehung
Person in Führungsposition: Vorname: Max Nachname: Beispiel Position: Vorstand
b) Erstmeldung/Berichtigung: Erstmeldung
Angaben zum Emittenten
Name: Beispiel Technik AG
LEI: 529900BEISPIEL000039
Angaben zum Geschäft/zu den Geschäften
a) Art des Instruments: Aktie
ISIN: DE000BSP0000
b) Art des Geschäfts: Kauf
c) Preis(e) und Volumen
Preis Volumen
23,88 EUR 5.000,00 EUR
d) Aggregierte Informationen
Preis: 23,88 EUR
Aggregiertes Volumen: 5.000,00 EUR
e) Datum des Geschäfts: 18.06.2026
f) Ort des Geschäfts: Xetra`;
    const [n] = parseMar19Text(lines(text), { decimalMark: ',', defaultCurrency: null }).notifications;
    expect(n!.language).toBe('de');
    expect(n!.person).toMatchObject({ name: 'Anna Beispiel', closelyAssociated: true });
    expect(n!.notificationType).toBe('initial');
    expect(n!.issuer).toMatchObject({ name: 'Beispiel Technik AG', lei: '529900BEISPIEL000039' });
    expect(n!.transactions[0]).toMatchObject({ instrument: 'Aktie', isin: 'DE000BSP0000', nature: 'Kauf', date: '2026-06-18', place: 'Xetra' });
    expect(n!.transactions[0]!.aggregated?.price?.value).toBe(23.88);
  });

  it('reads the AMF name line of a legal person closely associated', () => {
    const text = `NOM /FONCTION DE LA PERSONNE EXERCANT DES RESPONSABILITES DIRIGEANTES OU DE LA
PERSONNE ETROITEMENT LIEE :
SARL FAMILLE DUPONT, personne morale étroitement liée à Jean DUPONT, Président Directeur Général
NOTIFICATION INITIALE / MODIFICATION:
Modification
COORDONNEES DE L’EMETTEUR
NOM : EXEMPLE SA
DETAIL DE LA TRANSACTION
DATE DE LA TRANSACTION : 3 juillet 2026
NATURE DE LA TRANSACTION : Cession
PRIX UNITAIRE : 10.0000 Euro
VOLUME : 1 000.0000`;
    const [n] = parseMar19Text(lines(text), { decimalMark: '.', defaultCurrency: null }).notifications;
    expect(n!.person).toEqual({
      name: 'SARL FAMILLE DUPONT',
      position: 'personne morale étroitement liée à Jean DUPONT, Président Directeur Général',
      associatedWith: 'Jean DUPONT',
      closelyAssociated: true,
    });
    expect(n!.notificationType).toBe('amendment');
    expect(n!.transactions[0]!.tranches[0]).toMatchObject({ volume: 1000, price: { value: 10, currency: 'EUR' } });
  });
});
