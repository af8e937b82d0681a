import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { amfAdapter } from '../../../adapters/amf/index.js';
import { isSkipped } from '../../../adapters/types.js';
import { DeclarationDraftSchema } from '../../../src/model/index.js';
import { corpusPath, hasCorpus } from '../../helpers/corpus.js';

const RETRIEVED = '2026-07-01T08:00:00.000Z';

function read(relative: string) {
  return amfAdapter.readArchiveFile(relative, readFileSync(corpusPath('fr', relative)), RETRIEVED);
}

describe.runIf(hasCorpus('fr'))('FR corpus conformance (AMF BDIF)', () => {
  it('parses the real DD declaration PDF exactly', () => {
    const raw = read('bdif_documents/dd/amf_fr_sample.pdf');
    if (isSkipped(raw)) throw new Error(raw.skipped);
    const outcome = amfAdapter.parse(raw);
    if (isSkipped(outcome)) throw new Error(outcome.skipped);
    expect(outcome.rejects).toEqual([]);
    expect(outcome.records).toHaveLength(1);
    const draft = DeclarationDraftSchema.parse(amfAdapter.normalize(outcome.records[0]!, raw));
    expect(draft).toEqual({
      id: 'AMF:2026DD1123798',
      source: 'amf',
      sourceId: '2026DD1123798',
      market: 'fr',
      regulator: 'AMF',
      formType: 'DD',
      filingUrl: 'https://bdif.amf-france.org/fr/details/2026DD1123798',
      // The PDF alone gives the publication day only ("30 juin 2026"): start of that day in Paris.
      pubDate: '2026-06-29T22:00:00.000Z',
      isAmendment: false,
      linkKey: 'mar19:9695007YG6O07A8N6395:brag fredrik:2026-06-22',
      amendsKey: null,
      amendsId: null,
      // "TRANSACTION LIEE A L’EXERCICE DE PROGRAMMES D’OPTIONS … : OUI"
      isPlanned: true,
      plannedEvidence: 'programme_flag',
      company: {
        cik: null,
        // The header ISIN is the issuer's equity ISIN; the code line holds the ticker ALMDT.
        isin: 'FR0011049824',
        lei: '9695007YG6O07A8N6395',
        sourceCompanyId: null,
        name: 'MEDIAN TECHNOLOGIES',
        ticker: 'ALMDT',
        exchange: null,
        market: 'fr',
      },
      insider: {
        name: 'FREDRIK BRAG',
        externalId: null,
        externalIdScheme: null,
        isEntity: false,
        role: 'CEO',
        roleRaw: 'CEO',
        isDirector: false,
        isOfficer: true,
        isTenPctOwner: false,
        isCloselyAssociated: false,
      },
      coReporters: [],
      lines: [
        {
          line: 1,
          kind: 'transaction',
          code: 'Exercice',
          nature: 'EXERCISE',
          securityTitle: "Option d'achat",
          isin: null,
          isDerivative: true,
          transactionDate: '2026-06-22',
          shares: 84516,
          price: 1.5,
          amount: 126774,
          currency: 'EUR',
          acquiredDisposed: 'A',
          sharesOwnedAfter: null,
          directIndirect: null,
          natureOfOwnership: null,
          venue: 'Euronext Growth Paris',
          footnotes: [],
          footnoteRefs: [],
          derivative: null,
        },
      ],
      // Empty COMMENTAIRES: the GDPR notice that follows is not a remark.
      remarks: null,
      footnotes: {},
      extras: {
        templateLanguage: 'fr',
        notificationTypeRaw: 'Notification initiale',
        receivedDate: '2026-06-30',
        tx1IdentificationCode: 'ALMDT',
        tx1AggregatedRaw: '84 516.0000 | 1.5000 Euro',
        tx1LinkedToProgramme: true,
        line1PriceRaw: '1.5000 Euro',
        numero: '2026DD1123798',
        ondeNumber: 'DD193084',
        rendering: 'fr',
        pdfPublicationDate: '2026-06-30',
        pubDatePrecision: 'date',
        documentUrl: null,
      },
    });
  });

  it('skips the non-DD BDIF PDF and every listing, naming the reason', () => {
    const nonDd = read('bdif_documents/non_dd/amf-pdf-test.pdf');
    if (isSkipped(nonDd)) throw new Error('a PDF is read, then judged by its content');
    expect(amfAdapter.parse(nonDd)).toEqual({ skipped: "BDIF PDF that is not a directors' dealing declaration (no DD number, no declarant block)" });

    expect(read('bdif_api/amf-test-DD.json')).toEqual({
      skipped: 'bdif_api/amf-test-DD.json: BDIF listing page (no transaction data; declarations are their PDFs)',
    });
    const others = readdirSync(corpusPath('fr', 'bdif_api', 'other_types'));
    expect(others.length).toBeGreaterThan(0);
    for (const name of others) {
      const result = read(`bdif_api/other_types/${name}`);
      expect(isSkipped(result) ? result.skipped : '', name).toMatch(/only directors' dealings \(DD\) are in scope/);
    }
  });
});
