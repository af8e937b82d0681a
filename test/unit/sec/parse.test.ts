import { describe, expect, it } from 'vitest';
import { secAdapter } from '../../../adapters/sec/index.js';
import { isSkipped, ParseError, type RawDocument } from '../../../adapters/types.js';
import { fixtureDoc, fixtureText, parseOne } from './fixtures.js';

function rawDoc(text: string, sourceId = 'test-doc', url: string | null = null): RawDocument {
  return { sourceId, url, retrievedAt: '2026-01-01T00:00:00.000Z', mediaType: 'text/plain', body: Buffer.from(text) };
}

function parseError(doc: RawDocument): ParseError {
  try {
    secAdapter.parse(doc);
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('SEC parse: full .txt submission with the <SEC-HEADER> text header', () => {
  const filing = parseOne(fixtureDoc('form4-sec-header.txt'));

  it('reads the header: accession, acceptance time (Eastern → UTC), filing date, type', () => {
    expect(filing.headerStyle).toBe('sec-header');
    expect(filing.accession).toBe('0009999001-25-000017');
    expect(filing.accessionSource).toBe('header');
    expect(filing.submissionType).toBe('4');
    // 2025-03-18 20:01:08 EDT = 2025-03-19 00:01:08 UTC
    expect(filing.pubDate).toBe('2025-03-19T00:01:08.000Z');
    expect(filing.pubDateSource).toBe('acceptance_datetime');
    expect(filing.filingDate).toBe('2025-03-18');
  });

  it('reads the document facts, issuer and the officer', () => {
    expect(filing.documentType).toBe('4');
    expect(filing.schemaVersion).toBe('X0508');
    expect(filing.periodOfReport).toBe('2025-03-14');
    expect(filing.issuer).toEqual({ cik: '0009999100', name: 'Example Widgets Inc.', tradingSymbol: 'EXWD' });
    expect(filing.owners).toEqual([
      {
        cik: '0009999001',
        name: 'Fixture Dana Q',
        isDirector: false,
        isOfficer: true,
        isTenPercentOwner: false,
        isOther: false,
        officerTitle: 'EVP, Chief Financial Officer',
        otherText: null,
      },
    ]);
    expect(filing.remarks).toBe('Exhibit 24 - Power of Attorney on file.');
    expect(filing.signatures).toEqual([{ name: '/s/ Pat Example, Attorney-in-Fact', date: '2025-03-18' }]);
  });

  it('attaches footnotes to the fields that reference them', () => {
    const [first] = filing.rows;
    expect(first).toMatchObject({ kind: 'transaction', transactionCode: 'S', shares: 1200, pricePerShare: 37.59 });
    expect(first!.footnoteRefs).toEqual([
      { id: 'F1', field: 'code' },
      { id: 'F2', field: 'price' },
    ]);
  });

  it('keeps a price given only in a footnote as null, with the footnote, never 0', () => {
    const second = filing.rows[1]!;
    expect(second.pricePerShare).toBeNull();
    expect(second.footnoteRefs).toContainEqual({ id: 'F3', field: 'price' });
    expect(filing.footnotes.F3).toContain('$38.20');
  });

  it('reads a holding row and decodes entities in values and footnotes', () => {
    const holding = filing.rows[2]!;
    expect(holding).toMatchObject({
      kind: 'holding',
      table: 'nonDerivative',
      transactionCode: null,
      sharesOwnedAfter: 2500.5,
      directIndirect: 'I',
      natureOfOwnership: 'By Spouse & Children',
    });
    expect(holding.footnoteRefs).toEqual([{ id: 'F4', field: 'natureOfOwnership' }]);
    expect(filing.footnotes.F4).toBe("Held in a trust for the benefit of the reporting person's spouse and children.");
  });
});

describe('SEC parse: .nc/.sgml submission with the <SUBMISSION> tag header', () => {
  const filing = parseOne(fixtureDoc('form4-submission-tags.nc'));

  it('reads the tag header; without an acceptance time the filing date (midnight Eastern) is the pubDate', () => {
    expect(filing.headerStyle).toBe('submission-tags');
    expect(filing.accession).toBe('0009999002-25-000042');
    expect(filing.submissionType).toBe('4');
    expect(filing.filingDate).toBe('2025-02-13');
    expect(filing.pubDate).toBe('2025-02-13T05:00:00.000Z');
    expect(filing.pubDateSource).toBe('filing_date');
  });

  it('takes a reporting owner name missing from the XML from the header, and reads true/false flags', () => {
    expect(filing.owners[0]).toMatchObject({
      cik: '0009999002',
      name: 'Sample Riley J',
      isDirector: true,
      isOfficer: true,
      officerTitle: 'President & Chief Executive Officer',
    });
  });

  it('reads non-derivative and derivative transactions and derivative holdings in document order', () => {
    expect(filing.rows.map((r) => `${r.table}:${r.kind}:${r.transactionCode ?? '-'}`)).toEqual([
      'nonDerivative:transaction:M',
      'nonDerivative:transaction:F',
      'derivative:transaction:M',
      'derivative:holding:-',
    ]);
    const rsu = filing.rows[2]!;
    expect(rsu).toMatchObject({
      securityTitle: 'Restricted Stock Units',
      conversionOrExercisePrice: null,
      exerciseDate: null,
      expirationDate: null,
      underlyingSecurityTitle: 'Common Stock',
      underlyingShares: 1000,
      shares: 1000,
      pricePerShare: 0,
      acquiredDisposed: 'D',
      sharesOwnedAfter: 3000,
      equitySwapInvolved: false,
    });
    expect(rsu.footnoteRefs).toEqual([
      { id: 'F2', field: 'conversionOrExercisePrice' },
      { id: 'F3', field: 'exerciseDate' },
      { id: 'F3', field: 'expirationDate' },
    ]);
    expect(filing.rows[3]).toMatchObject({
      securityTitle: 'Stock Option (right to buy)',
      conversionOrExercisePrice: 54.25,
      exerciseDate: '2022-03-01',
      expirationDate: '2031-03-01',
      underlyingShares: 25000,
      sharesOwnedAfter: 25000,
    });
  });

  it('reads aff10b5One written as "false"', () => {
    expect(filing.aff10b5One).toBe(false);
    expect(filing.aff10b5OneRaw).toBe('false');
  });
});

describe('SEC parse: bare ownershipDocument XML', () => {
  it('derives a content-hash id when no accession is known, and says so', () => {
    const a = parseOne(fixtureDoc('form4-joint.xml'));
    const b = parseOne(fixtureDoc('form4-joint.xml'));
    expect(a.headerStyle).toBe('bare-xml');
    expect(a.accessionSource).toBe('content_hash');
    expect(a.accession).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(b.accession).toBe(a.accession);
    expect(a.submissionType).toBeNull();
  });

  it("uses the accession in the archive file's name, or in the URL's file name", () => {
    const text = fixtureText('form4-joint.xml');
    const fromArchive = parseOne(fixtureDoc('0009999301-21-000005_doc4.xml', text));
    expect(fromArchive).toMatchObject({ accession: '0009999301-21-000005', accessionSource: 'source_id' });
    const fromUrl = parseOne(rawDoc(text, 'x', 'https://www.sec.gov/Archives/edgar/data/9999300/000999930121000005/000999930121000005.xml'));
    expect(fromUrl).toMatchObject({ accession: '0009999301-21-000005', accessionSource: 'file_name' });
  });

  it('falls back to the latest signature date (midnight Eastern) for the pubDate', () => {
    const filing = parseOne(fixtureDoc('form4-joint.xml'));
    expect(filing.pubDate).toBe('2021-08-12T04:00:00.000Z');
    expect(filing.pubDateSource).toBe('signature_date');
  });

  it('reads every reporting owner of a joint filing, in order', () => {
    const filing = parseOne(fixtureDoc('form4-joint.xml'));
    expect(filing.owners.map((o) => [o.cik, o.name])).toEqual([
      ['0009999301', 'Example Capital Partners II, L.P.'],
      ['0009999302', 'Example Capital GP II, LLC'],
      ['0009999303', 'Doe-Example Morgan'],
    ]);
    expect(filing.owners[2]).toMatchObject({ isDirector: true, isOther: true, otherText: 'Chairman of the Board' });
  });

  it('pads unpadded CIKs to 10 digits and keeps "n/a" as the raw symbol', () => {
    const filing = parseOne(fixtureDoc('form4-10b5-1-footnote.xml'));
    expect(filing.issuer.cik).toBe('0009999400');
    expect(filing.owners[0]!.cik).toBe('0009999401');
    expect(filing.issuer.tradingSymbol).toBe('n/a');
  });

  it('reads an XML without an XML declaration', () => {
    const text = fixtureText('form4-joint.xml').replace('<?xml version="1.0"?>\n', '');
    expect(parseOne(rawDoc(text)).owners).toHaveLength(3);
  });
});

describe('SEC parse: aff10b5One in every spelling', () => {
  const text = fixtureText('form4-sec-header.txt');
  it.each([
    ['1', true],
    ['0', false],
    ['true', true],
    ['false', false],
  ])('<aff10b5One>%s</aff10b5One> → %s', (spelling, expected) => {
    const filing = parseOne(rawDoc(text.replace('<aff10b5One>1</aff10b5One>', `<aff10b5One>${spelling}</aff10b5One>`)));
    expect(filing.aff10b5One).toBe(expected);
    expect(filing.aff10b5OneRaw).toBe(spelling);
  });

  it('absent (schemas before X0407) → null', () => {
    const filing = parseOne(rawDoc(text.replace('<aff10b5One>1</aff10b5One>', '')));
    expect(filing.aff10b5One).toBeNull();
    expect(filing.aff10b5OneRaw).toBeNull();
  });
});

describe('SEC parse: Forms 3, 5 and amendments', () => {
  it('Form 3 with noSecuritiesOwned and no tables', () => {
    const filing = parseOne(fixtureDoc('form3-no-securities.xml'));
    expect(filing).toMatchObject({ documentType: '3', schemaVersion: 'X0206', noSecuritiesOwned: true, rows: [] });
    expect(filing.remarks).toBe('No securities are beneficially owned.');
  });

  it('Form 5 with an annual gift and a holding', () => {
    const filing = parseOne(fixtureDoc('form5-annual.xml'));
    expect(filing.documentType).toBe('5');
    expect(filing.form3HoldingsReported).toBe(false);
    expect(filing.form4TransactionsReported).toBe(false);
    expect(filing.rows.map((r) => [r.kind, r.transactionFormType, r.transactionCode])).toEqual([
      ['transaction', '5', 'G'],
      ['holding', '5', null],
    ]);
    expect(filing.rows[0]!.sharesOwnedAfter).toBe(175418251);
  });

  it('Form 4/A with dateOfOriginalSubmission', () => {
    const filing = parseOne(fixtureDoc('form4a-amendment.txt'));
    expect(filing).toMatchObject({
      documentType: '4/A',
      submissionType: '4/A',
      dateOfOriginalSubmission: '2025-01-10',
      accession: '0009999500-25-000011',
      pubDate: '2025-01-21T18:23:57.000Z',
    });
    expect(filing.rows).toHaveLength(2);
  });
});

describe('SEC parse: unusable and out-of-scope documents', () => {
  it('throws a clear ParseError (with the source id and line) for XML that is not well-formed', () => {
    const doc = fixtureDoc('form4-malformed.txt');
    expect(doc.sourceId).toBe('0009999001-25-000019');
    const error = parseError(doc);
    expect(error.sourceId).toBe('0009999001-25-000019');
    expect(error.message).toMatch(/not well-formed: closing tag <\/fo\\notnote> does not match <footnote> \(line \d+\)/);
  });

  it('throws ParseError for a truncated submission and for a Form 4 without ownership XML', () => {
    const text = fixtureText('form4-sec-header.txt');
    expect(parseError(rawDoc(text.slice(0, text.indexOf('</XML>')))).message).toMatch(/never closed/);
    const noXml = text.slice(0, text.indexOf('<XML>')) + 'Paper-era text form.\n</TEXT>\n</DOCUMENT>\n';
    expect(parseError(rawDoc(noXml)).message).toMatch(/no ownershipDocument XML/);
  });

  it('throws ParseError when a required identity is missing (no issuerName anywhere)', () => {
    const text = fixtureText('form4-joint.xml').replace('<issuerName>Example Therapeutics, Inc.</issuerName>', '');
    expect(parseError(rawDoc(text)).message).toMatch(/issuer 0009999300 has no issuerName/);
  });

  it('throws ParseError for an unknown documentType', () => {
    const text = fixtureText('form4-joint.xml').replace('<documentType>4</documentType>', '<documentType>8-K</documentType>');
    expect(parseError(rawDoc(text)).message).toMatch(/documentType "8-K"/);
  });

  it.each([
    ['form13f-header.txt', /form type 13F-HR is out of scope/],
    ['form144.xml', /root <edgarSubmission> is not an ownershipDocument/],
  ])('skips %s with the reason', (name, reason) => {
    const outcome = secAdapter.parse(rawDoc(fixtureText(name)));
    expect(isSkipped(outcome) && outcome.skipped).toMatch(reason);
    const archived = secAdapter.readArchiveFile(name, Buffer.from(fixtureText(name)), '2026-01-01T00:00:00.000Z');
    expect(isSkipped(archived) && archived.skipped).toMatch(reason);
  });

  it.each([
    ['company_tickers.json', '{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."}}'],
    ['form.20250318.idx', 'Description:           Daily Index of EDGAR Dissemination Feed by Form Type\n'],
  ])('skips reference files such as %s', (name, content) => {
    expect(isSkipped(secAdapter.parse(rawDoc(content)))).toBe(true);
    expect(isSkipped(secAdapter.readArchiveFile(name, Buffer.from(content), '2026-01-01T00:00:00.000Z'))).toBe(true);
  });
});
