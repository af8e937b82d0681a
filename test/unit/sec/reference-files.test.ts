import { describe, expect, it } from 'vitest';
import { currentFeedPath, parseCurrentFeed } from '../../../adapters/sec/current-feed.js';
import { SecFormatError } from '../../../adapters/sec/envelope.js';
import { dailyIndexPath, parseFormIndex, parseMasterIndex } from '../../../adapters/sec/daily-index.js';
import { primaryXmlName, submissionPath } from '../../../adapters/sec/fetch.js';
import { parseCompanyTickersExchange } from '../../../adapters/sec/tickers.js';
import { fixtureText } from './fixtures.js';

describe('EDGAR reference files', () => {
  it('reads getcurrent Atom entries: accession, form, acceptance time in UTC, filer CIK', () => {
    const feed = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Latest Filings</title>
<entry>
<title>4 - Example Widgets Inc. (0009999100) (Issuer)</title>
<link rel="alternate" type="text/html" href="https://www.sec.gov/Archives/edgar/data/9999100/000999900125000017/0009999001-25-000017-index.htm"/>
<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; 2025-03-18 &lt;b&gt;AccNo:&lt;/b&gt; 0009999001-25-000017</summary>
<updated>2025-03-18T20:01:08-04:00</updated>
<category scheme="https://www.sec.gov/" label="form type" term="4"/>
<id>urn:tag:sec.gov,2008:accession-number=0009999001-25-000017</id>
</entry>
<entry>
<title>broken entry without an id or link</title>
<updated>2025-03-18T20:00:00-04:00</updated>
</entry>
</feed>`;
    expect(parseCurrentFeed(feed)).toEqual([
      {
        accession: '0009999001-25-000017',
        formType: '4',
        updated: '2025-03-19T00:01:08.000Z',
        cik: '9999100',
        title: '4 - Example Widgets Inc. (0009999100) (Issuer)',
      },
    ]);
    expect(currentFeedPath('4', 100)).toBe(
      '/cgi-bin/browse-edgar?action=getcurrent&type=4&company=&dateb=&owner=include&start=100&count=100&output=atom',
    );
  });

  it('reads master.idx and form.idx rows', () => {
    const master = `Description:           Daily Index of EDGAR Dissemination Feed
Last Data Received:    Mar 18, 2025

CIK|Company Name|Form Type|Date Filed|File Name
--------------------------------------------------------------------------------
9999100|Example Widgets Inc.|4|20250318|edgar/data/9999100/0009999001-25-000017.txt
9999001|Fixture Dana Q|4|20250318|edgar/data/9999001/0009999001-25-000017.txt
`;
    expect(parseMasterIndex(master)).toEqual([
      { cik: '9999100', companyName: 'Example Widgets Inc.', formType: '4', dateFiled: '2025-03-18', fileName: 'edgar/data/9999100/0009999001-25-000017.txt', accession: '0009999001-25-000017' },
      { cik: '9999001', companyName: 'Fixture Dana Q', formType: '4', dateFiled: '2025-03-18', fileName: 'edgar/data/9999001/0009999001-25-000017.txt', accession: '0009999001-25-000017' },
    ]);
    const form = `Description:           Daily Index of EDGAR Dissemination Feed by Form Type

Form Type   Company Name                                                  CIK         Date Filed  File Name
---------------------------------------------------------------------------------------------------------------------------------------------
1-A POS     Example REIT, Inc.                                            9999800     20250318    edgar/data/9999800/0009999800-25-000033.txt
4/A         Example Semiconductor Corp                                    9999500     20250318    edgar/data/9999500/0009999500-25-000011.txt
`;
    expect(parseFormIndex(form).map((e) => [e.formType, e.companyName, e.cik, e.accession])).toEqual([
      ['1-A POS', 'Example REIT, Inc.', '9999800', '0009999800-25-000033'],
      ['4/A', 'Example Semiconductor Corp', '9999500', '0009999500-25-000011'],
    ]);
    expect(dailyIndexPath('2025-03-18')).toBe('/Archives/edgar/daily-index/2025/QTR1/master.20250318.idx');
    expect(dailyIndexPath('2024-10-01', 'form')).toBe('/Archives/edgar/daily-index/2024/QTR4/form.20241001.idx');
  });

  it('reads company_tickers_exchange.json, first row per CIK', () => {
    const json = JSON.stringify({
      fields: ['cik', 'name', 'ticker', 'exchange'],
      data: [
        [9999100, 'Example Widgets Inc.', 'EXWD', 'Nasdaq'],
        [9999100, 'Example Widgets Inc.', 'EXWDP', 'Nasdaq'],
        [9999200, 'Example Robotics Corp', 'EXRO', null],
        ['bad', 'x', 'y', 'z'],
      ],
    });
    expect(parseCompanyTickersExchange(json)).toEqual([
      { match: { cik: '0009999100' }, ticker: 'EXWD', exchange: 'Nasdaq' },
      { match: { cik: '0009999200' }, ticker: 'EXRO', exchange: null },
    ]);
    expect(() => parseCompanyTickersExchange('{"nope":1}')).toThrow(/fields/);
    expect(() => parseCompanyTickersExchange('<html>')).toThrow(/not JSON/);
  });

  it('finds the primary XML in a filing index listing', () => {
    expect(primaryXmlName(fixtureText('filing-index.json'))).toBe('wk-form4_1739480000.xml');
    expect(primaryXmlName('{"directory":{"item":[{"name":"R1.xml","type":"text.gif"}]}}')).toBeNull();
    expect(primaryXmlName('not json')).toBeNull();
    expect(submissionPath('0009999200', '0009999002-25-000042')).toBe(
      '/Archives/edgar/data/9999200/000999900225000042/0009999002-25-000042.txt',
    );
  });

  it('refuses documents that are not a feed or an index rather than reading them as empty', () => {
    expect(parseCurrentFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>Latest Filings</title></feed>')).toEqual([]);
    expect(() => parseCurrentFeed('<html><body>Service Unavailable</body></html>')).toThrow(SecFormatError);
    expect(() => parseCurrentFeed('')).toThrow(/no Atom <feed> root/);
    expect(() => parseMasterIndex('<html><body>Service Unavailable</body></html>')).toThrow(/not an EDGAR index/);
    expect(() => parseFormIndex('')).toThrow(SecFormatError);
    expect(parseMasterIndex('CIK|Company Name|Form Type|Date Filed|File Name\n--------------------------------------------------------------------------------\n')).toEqual([]);
  });
});
