import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCurrentFeed } from '../../../adapters/sec/current-feed.js';
import { parseFormIndex, parseMasterIndex } from '../../../adapters/sec/daily-index.js';
import { OWNERSHIP_FORM_TYPES } from '../../../adapters/sec/codes.js';
import { parseCompanyTickersExchange } from '../../../adapters/sec/tickers.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';

const read = (relative: string, encoding: BufferEncoding = 'utf8') => readFileSync(corpusPath('sec', relative)).toString(encoding);

describe.runIf(hasCorpus('sec'))('SEC corpus reference files', () => {
  it('reads the Form 4 getcurrent feed: 100 entries, each filing twice (reporting owner and issuer)', () => {
    const entries = parseCurrentFeed(read('feeds/getcurrent_type-4_start-0.atom.xml', 'latin1'));
    expect(entries).toHaveLength(100);
    expect(entries.every((e) => e.formType === '4')).toBe(true);
    expect(entries[0]).toEqual({
      accession: '0002063236-25-000004',
      formType: '4',
      updated: '2025-12-12T23:02:43.000Z',
      cik: '2063236',
      title: '4 - Perez Daniel Antonio (0002063236) (Reporting)',
    });
    expect(new Set(entries.map((e) => e.accession)).size).toBeLessThan(entries.length);
  });

  it('reads the all-types feed and keeps its Form 3/4/5 entries apart from the rest', () => {
    const entries = parseCurrentFeed(read('feeds/getcurrent_all-types_start-0.atom.xml', 'latin1'));
    expect(entries).toHaveLength(100);
    const ownership = entries.filter((e) => OWNERSHIP_FORM_TYPES.has(e.formType));
    expect(ownership.map((e) => e.formType).sort()).toEqual([...Array(4).fill('3'), ...Array(36).fill('4'), ...Array(4).fill('5')]);
  });

  it('reads the daily master.idx and form.idx', () => {
    const master = parseMasterIndex(read('index/master.20181231.idx'));
    expect(master.length).toBeGreaterThan(2500);
    expect(master[0]).toEqual({
      cik: '1000228',
      companyName: 'HENRY SCHEIN INC',
      formType: '4',
      dateFiled: '2018-12-31',
      fileName: 'edgar/data/1000228/0001209191-18-064398.txt',
      accession: '0001209191-18-064398',
    });
    const form = parseFormIndex(read('index/form.20200318.idx'));
    expect(form.length).toBeGreaterThan(3000);
    expect(form.find((e) => e.formType === '1-A POS')?.companyName).toBe('Belpointe REIT, Inc.');
    expect(form.filter((e) => e.formType === '4').length).toBeGreaterThan(100);
    expect(parseFormIndex(read('index/form.HEADER-ONLY.idx'))).toEqual([]);
    // the 1993 quarterly index with dashed dates and the older header
    expect(parseMasterIndex(read('index/master.1993QTR1.TRUNCATED.idx'))[0]).toMatchObject({ formType: '13FCONP', dateFiled: '1993-02-11' });
  });

  it('reads company_tickers_exchange.json', () => {
    const refs = parseCompanyTickersExchange(read('tickers/company_tickers_exchange.json'));
    expect(refs[0]).toEqual({ match: { cik: '0001045810' }, ticker: 'NVDA', exchange: 'Nasdaq' });
  });
});
