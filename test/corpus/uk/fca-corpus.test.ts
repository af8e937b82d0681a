import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fcaAdapter } from '../../../adapters/fca/index.js';
import { isSkipped, type RawDocument } from '../../../adapters/types.js';
import { DeclarationDraftSchema, type DeclarationDraft } from '../../../src/model/index.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';

const RETRIEVED = '2026-07-01T00:00:00.000Z';

function readUk(relative: string): { raw: RawDocument; drafts: DeclarationDraft[] } {
  const raw = fcaAdapter.readArchiveFile(relative, readFileSync(corpusPath('uk', relative)), RETRIEVED);
  if (isSkipped(raw)) throw new Error(`${relative} skipped: ${raw.skipped}`);
  const outcome = fcaAdapter.parse(raw);
  if (isSkipped(outcome)) throw new Error(`${relative} skipped: ${outcome.skipped}`);
  expect(outcome.rejects).toEqual([]);
  return { raw, drafts: outcome.records.map((r) => DeclarationDraftSchema.parse(fcaAdapter.normalize(r, raw))) };
}

const brief = (d: DeclarationDraft) => d.lines.map((l) => [l.nature, l.shares, l.price, l.currency, l.transactionDate]);

describe.runIf(hasCorpus('uk'))('UK corpus conformance (Investegate / NSM)', () => {
  it('every real file parses or is skipped with a reason', () => {
    for (const folder of ['investegate', 'fca_nsm']) {
      for (const name of readdirSync(corpusPath('uk', folder))) {
        const relative = `${folder}/${name}`;
        const raw = fcaAdapter.readArchiveFile(relative, readFileSync(corpusPath('uk', relative)), RETRIEVED);
        if (isSkipped(raw)) {
          expect(name, raw.skipped).toMatch(/\.json$/);
          continue;
        }
        const outcome = fcaAdapter.parse(raw);
        expect(isSkipped(outcome), relative).toBe(false);
        if (!isSkipped(outcome)) expect(outcome.records.length, relative).toBeGreaterThan(0);
      }
    }
  });

  it('F&C: a single purchase in pence, timed by the page', () => {
    const [d] = readUk('investegate/clean_buy_9562545.html').drafts;
    expect(d).toMatchObject({
      id: 'FCA:INV-9562545',
      pubDate: '2026-05-11T16:20:07.000Z',
      filingUrl: 'https://www.investegate.co.uk/announcement/rns/f-c-investment-trust--fcit/director-pdmr-shareholding/9562545',
      company: { name: 'F&C Investment Trust plc', lei: '213800W6B18ZHTNG7371', isin: 'GB00BS88V647', ticker: 'FCIT', market: 'uk' },
      insider: { name: 'Rain Newton-Smith', role: 'DIRECTOR', roleRaw: 'PDMR (Non-Executive Director)' },
      isAmendment: false,
    });
    expect(brief(d!)).toEqual([['BUY', 300, 3.3121, 'GBP', '2026-05-11']]);
    expect(d!.extras.line1PriceRaw).toBe('331.21p');
  });

  it('Personal Group: a DRIP purchase, price "£3.840 per share", bulleted aggregate', () => {
    const [d] = readUk('investegate/clean_sell_9564757.html').drafts;
    expect(brief(d!)).toEqual([['OTHER', 306, 3.84, 'GBP', '2026-05-12']]);
    expect(d).toMatchObject({ isPlanned: true, plannedEvidence: 'text', insider: { name: 'Maria Darby-Walker', role: 'DIRECTOR' } });
    expect(d!.extras.tx1AggregatedRaw).toBe('- 306 - £1,175.04');
  });

  it('Barclays: a SIP acquisition dated in ISO form, not a discretionary buy', () => {
    const [d] = readUk('investegate/sip_barclays_9564893.html').drafts;
    expect(brief(d!)).toEqual([['OTHER', 554, 4.316, 'GBP', '2026-05-07']]);
    expect(d).toMatchObject({ isPlanned: true, insider: { name: 'Taalib Shaah', role: 'OTHER_OFFICER' }, company: { isin: 'GB0031348658' } });
  });

  it('Schroders: four persons bundled in one announcement, one record each', () => {
    const { drafts } = readUk('investegate/bundled_pdmr_9540067.html');
    expect(drafts.map((d) => [d.id, d.insider.name, d.insider.role, d.lines[0]?.shares, d.lines[0]?.price])).toEqual([
      ['FCA:INV-9540067-1', 'Richard Oldfield', 'CEO', 50, 5.79],
      ['FCA:INV-9540067-2', 'Meagen Burnett', 'CFO', 53, 5.79],
      ['FCA:INV-9540067-3', 'Johanna Kyrklund', 'OTHER_OFFICER', 278, 5.79],
      ['FCA:INV-9540067-4', 'Georg Wunderlin', 'CEO', 106, 5.79],
    ]);
    expect(drafts.every((d) => d.company.lei === '2138001YYBULX5SZ2H24' && d.lines[0]!.transactionDate === '2026-04-23')).toBe(true);
  });

  it('Everyman: three dated tranches over "13 - 20 May 2026" in pence', () => {
    const [d] = readUk('investegate/eman_9581012_multitranche.html').drafts;
    expect(brief(d!)).toEqual([
      ['BUY', 50000, 0.335, 'GBP', '2026-05-13'],
      ['BUY', 5583, 0.335, 'GBP', '2026-05-19'],
      ['BUY', 71500, 0.335, 'GBP', '2026-05-20'],
    ]);
    expect(d!.extras).toMatchObject({ tx1DateTo: '2026-05-20', tx1AggregatedRaw: '127,083 | 33.5 pence' });
  });

  it('Everyman: a single tranche with an empty aggregate', () => {
    const [d] = readUk('investegate/eman_9592451_two_col_na.html').drafts;
    expect(brief(d!)).toEqual([['BUY', 67649, 0.355, 'GBP', '2026-05-27']]);
  });

  it('Wynnstay: the CFO buys 2,129 shares at 322.175 pence', () => {
    const [d] = readUk('investegate/fixture_8855732.html').drafts;
    expect(d).toMatchObject({ company: { ticker: 'WYN', isin: 'GB0034212331', lei: '213800TOLA726AITR960' }, insider: { name: 'Rob Thomas', role: 'CFO' } });
    expect(brief(d!)).toEqual([['BUY', 2129, 3.22175, 'GBP', '2025-04-30']]);
  });

  it('NSM artefact: a bed-and-ISA sale and purchase in one notification', () => {
    const { raw, drafts } = readUk('fca_nsm/fca_uk_rns.html');
    expect(raw.sourceId).toBe('RNS-1071D-20240905');
    const [d] = drafts;
    expect(d).toMatchObject({
      id: 'FCA:RNS-1071D-20240905',
      pubDate: '2024-09-04T23:00:00.000Z',
      company: { name: 'On the Beach Group plc', lei: '213800K51Y9BZY7F9R69', isin: 'GB00BYM1K758' },
      insider: { name: 'Adam Hansen', role: 'OTHER_OFFICER' },
      extras: { rnsNumber: '1071D', rendering: 'nsm' },
    });
    expect(brief(d!)).toEqual([
      ['SELL', 16104, 1.496, 'GBP', '2024-09-04'],
      ['BUY', 16104, 1.498, 'GBP', '2024-09-04'],
    ]);
  });
});
