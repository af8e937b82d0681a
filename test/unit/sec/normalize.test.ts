import { describe, expect, it } from 'vitest';
import { baseFormOf, roleOf, secAmendmentKey, tickerOf } from '../../../adapters/sec/normalize.js';
import type { SecReportingOwner } from '../../../adapters/sec/record.js';
import { declarationFacts } from '../../../src/model/index.js';
import { draftOf, fixtureDoc, fixtureText } from './fixtures.js';

const owner = (over: Partial<SecReportingOwner>): SecReportingOwner => ({
  cik: '0000000001',
  name: 'X',
  isDirector: false,
  isOfficer: false,
  isTenPercentOwner: false,
  isOther: false,
  officerTitle: null,
  otherText: null,
  ...over,
});

describe('SEC normalize: one declaration per filing', () => {
  it('maps a Form 4 onto a schema-valid draft with SEC ids, USD amounts and kept codes', () => {
    const draft = draftOf(fixtureDoc('form4-sec-header.txt'));
    expect(draft).toMatchObject({
      id: 'SEC:0009999001-25-000017',
      source: 'sec',
      sourceId: '0009999001-25-000017',
      market: 'us',
      regulator: 'SEC',
      formType: '4',
      pubDate: '2025-03-19T00:01:08.000Z',
      filingUrl: 'https://www.sec.gov/Archives/edgar/data/9999100/000999900125000017/0009999001-25-000017-index.htm',
      isAmendment: false,
      amendsKey: null,
      amendsId: null,
      isPlanned: true,
      plannedEvidence: 'checkbox',
      remarks: 'Exhibit 24 - Power of Attorney on file.',
      company: { cik: '0009999100', name: 'Example Widgets Inc.', ticker: 'EXWD', market: 'us', isin: null },
      insider: {
        name: 'Fixture Dana Q',
        externalId: '0009999001',
        externalIdScheme: 'SEC_CIK',
        role: 'CFO',
        roleRaw: 'EVP, Chief Financial Officer',
        isOfficer: true,
        isDirector: false,
        isTenPctOwner: false,
        isCloselyAssociated: false,
      },
      coReporters: [],
    });
    const [first, second, holding] = draft.lines;
    expect(first).toMatchObject({ line: 1, kind: 'transaction', code: 'S', nature: 'SELL', shares: 1200, price: 37.59, currency: 'USD' });
    expect(first!.amount).toBe(45108);
    expect(first!.footnotes).toEqual([
      expect.stringContaining('Rule 10b5-1 trading plan'),
      expect.stringContaining('weighted average price'),
    ]);
    expect(first!.footnoteRefs).toEqual([
      { id: 'F1', field: 'code' },
      { id: 'F2', field: 'price' },
    ]);
    // footnote-only price: null price, null amount, the footnote kept on the line
    expect(second).toMatchObject({ code: 'S', shares: 300, price: null, amount: null });
    expect(second!.footnotes).toContain(draft.footnotes.F3);
    expect(holding).toMatchObject({ kind: 'holding', code: null, nature: null, sharesOwnedAfter: 2500.5, currency: null });
    expect(draft.extras).toMatchObject({
      schemaVersion: 'X0508',
      periodOfReport: '2025-03-14',
      aff10b5One: '1',
      pubDateSource: 'acceptance_datetime',
      accessionSource: 'header',
      headerStyle: 'sec-header',
      filingDate: '2025-03-18',
    });
    // The summary the store will compute sees a SELL.
    expect(declarationFacts(draft, 'America/New_York').direction).toBe('SELL');
  });

  it('makes a joint filing ONE declaration: first owner is the insider, the others co-reporters', () => {
    const draft = draftOf(fixtureDoc('form4-joint.xml'));
    expect(draft.insider).toMatchObject({ name: 'Example Capital Partners II, L.P.', externalId: '0009999301', role: 'TEN_PCT_OWNER' });
    expect(draft.coReporters).toEqual([
      { name: 'Example Capital GP II, LLC', externalId: '0009999302', externalIdScheme: 'SEC_CIK', isEntity: null, role: 'TEN_PCT_OWNER', roleRaw: null },
      { name: 'Doe-Example Morgan', externalId: '0009999303', externalIdScheme: 'SEC_CIK', isEntity: null, role: 'CHAIR', roleRaw: 'Chairman of the Board' },
    ]);
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0]).toMatchObject({ code: 'P', nature: 'BUY', shares: 250000, price: 17, amount: 4250000 });
    expect(draft.extras.reportingOwnerCount).toBe(3);
    expect(draft.id).toMatch(/^SEC:sha256-[0-9a-f]{32}$/);
    expect(draft.extras.accessionSource).toBe('content_hash');
    expect(draft.filingUrl).toBeNull();
    expect(draft.isPlanned).toBeNull();
  });

  it('keeps derivative details and maps M/F to EXERCISE/TAX_WITHHOLDING', () => {
    const draft = draftOf(fixtureDoc('form4-submission-tags.nc'));
    expect(draft.lines.map((l) => [l.code, l.nature, l.isDerivative])).toEqual([
      ['M', 'EXERCISE', false],
      ['F', 'TAX_WITHHOLDING', false],
      ['M', 'EXERCISE', true],
      [null, null, true],
    ]);
    expect(draft.lines[2]!.derivative).toEqual({
      conversionOrExercisePrice: null,
      exerciseDate: null,
      expirationDate: null,
      underlyingSecurityTitle: 'Common Stock',
      underlyingShares: 1000,
    });
    expect(draft.lines[0]!.derivative).toBeNull();
    expect(draft.company.ticker).toBe('EXRO');
    expect(draft.insider).toMatchObject({ name: 'Sample Riley J', role: 'CEO', roleRaw: 'President & Chief Executive Officer' });
    expect(draft).toMatchObject({ isPlanned: false, plannedEvidence: 'checkbox' });
    expect(declarationFacts(draft, 'America/New_York').direction).toBeNull();
  });

  it('sets isPlanned from a 10b5-1 footnote when there is no checkbox, and records the evidence', () => {
    const draft = draftOf(fixtureDoc('form4-10b5-1-footnote.xml'));
    expect(draft).toMatchObject({ isPlanned: true, plannedEvidence: 'footnote' });
    expect(draft.extras.plannedFootnoteIds).toBe('F1');
    expect(draft.company.ticker).toBeNull();
    expect(draft.insider.role).toBe('CEO');
    expect(draft.lines[0]!.amount).toBe(1000625);
  });

  it('does not read a denial of a 10b5-1 plan as one', () => {
    const text = fixtureText('form4-10b5-1-footnote.xml').replace(
      'This transaction was made pursuant to a Rule 10b5-1 trading plan',
      'This transaction was not made pursuant to a Rule 10b5-1 trading plan',
    );
    const draft = draftOf(fixtureDoc('denied.xml', text));
    expect(draft.isPlanned).toBeNull();
    expect(draft.plannedEvidence).toBeNull();
  });

  it('lets an explicit unchecked checkbox win over a footnote mention', () => {
    const text = fixtureText('form4-sec-header.txt').replace('<aff10b5One>1</aff10b5One>', '<aff10b5One>0</aff10b5One>');
    const draft = draftOf(fixtureDoc('unchecked.txt', text));
    expect(draft).toMatchObject({ isPlanned: false, plannedEvidence: 'checkbox' });
  });

  it('links an amendment to its original through one shared key', () => {
    const original = draftOf(fixtureDoc('form4-original.txt'));
    const amendment = draftOf(fixtureDoc('form4a-amendment.txt'));
    expect(original).toMatchObject({ isAmendment: false, amendsKey: null });
    expect(original.linkKey).toBe(secAmendmentKey({ issuerCik: '0009999500', ownerCik: '0009999501', baseForm: '4', date: '2025-01-10' }));
    expect(amendment).toMatchObject({ isAmendment: true, formType: '4/A', linkKey: null, amendsId: null });
    expect(amendment.amendsKey).toBe(original.linkKey);
    expect(amendment.extras.dateOfOriginalSubmission).toBe('2025-01-10');
    expect(amendment.lines.map((l) => [l.code, l.nature, l.acquiredDisposed])).toEqual([
      ['G', 'GIFT', 'D'],
      ['G', 'GIFT', 'A'],
    ]);
  });

  it('normalizes a Form 3 with no securities and a Form 5', () => {
    const form3 = draftOf(fixtureDoc('form3-no-securities.xml'));
    expect(form3).toMatchObject({ formType: '3', lines: [], isPlanned: null, plannedEvidence: null });
    expect(form3.company.ticker).toBeNull();
    expect(form3.insider.role).toBe('DIRECTOR');
    expect(form3.extras.noSecuritiesOwned).toBe(true);

    const form5 = draftOf(fixtureDoc('form5-annual.xml'));
    expect(form5.formType).toBe('5');
    expect(form5.insider).toMatchObject({ role: 'CHAIR', roleRaw: 'Executive Chairman', isDirector: true, isOfficer: true, isTenPctOwner: true });
    expect(form5.lines.map((l) => [l.kind, l.code, l.nature, l.amount])).toEqual([
      ['transaction', 'G', 'GIFT', 0],
      ['holding', null, null, null],
    ]);
  });
});

describe('SEC normalize helpers', () => {
  it.each([
    [{ isOfficer: true, officerTitle: 'Chief Executive Officer' }, 'CEO'],
    [{ isOfficer: true, officerTitle: 'Co-CEO' }, 'CEO'],
    [{ isOfficer: true, officerTitle: 'President and CEO' }, 'CEO'],
    [{ isOfficer: true, officerTitle: 'SVP & CFO' }, 'CFO'],
    [{ isOfficer: true, officerTitle: 'Principal Financial Officer' }, 'CFO'],
    [{ isDirector: true, isOther: true, otherText: 'Chairman of the Board' }, 'CHAIR'],
    [{ isDirector: true, otherText: 'Vice Chairman' }, 'DIRECTOR'],
    [{ isOfficer: true, officerTitle: 'SVP, CLO & Secretary' }, 'OTHER_OFFICER'],
    [{ isDirector: true, isTenPercentOwner: true }, 'DIRECTOR'],
    [{ isTenPercentOwner: true }, 'TEN_PCT_OWNER'],
    [{ isOther: true, otherText: 'Member of 13(d) group' }, 'OTHER'],
    [{}, 'OTHER'],
  ] as const)('role of %j is %s', (over, role) => {
    expect(roleOf(owner(over))).toBe(role);
  });

  it('reads no ticker from n/a, NONE or empty symbols', () => {
    expect(tickerOf('n/a')).toBeNull();
    expect(tickerOf('NONE')).toBeNull();
    expect(tickerOf(' ')).toBeNull();
    expect(tickerOf(null)).toBeNull();
    expect(tickerOf('mfac.u')).toBe('MFAC.U');
  });

  it('strips the amendment suffix from the form', () => {
    expect(baseFormOf('4/A')).toBe('4');
    expect(baseFormOf('5')).toBe('5');
  });
});
