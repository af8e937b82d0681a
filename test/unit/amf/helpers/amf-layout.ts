import { minimalPdf, type PdfRun } from './minimal-pdf.js';

/**
 * Builds a BDIF "Déclaration des dirigeants" PDF with the layout of the real one (corpus FORMAT.md
 * §3): same labels, order, fonts, positions and quirks (label and value as separate runs on one
 * baseline, the programme-flag label wrapped over two lines, the GDPR notice on the last page).
 * The English rendering uses the labels reported for BDIF's `lang=en` document.
 */
export interface AmfOperation {
  price: string;
  volume: string;
}

export interface AmfTransactionSpec {
  date: string;
  place: string;
  nature: string;
  instrument: string;
  code: string;
  operations: AmfOperation[];
  aggregatedPrice: string;
  aggregatedVolume: string;
  programme: 'OUI' | 'NON' | 'YES' | 'NO';
  /** Print each operation's price and volume on one line ("PRIX UNITAIRE : … VOLUME : …"). */
  operationsOnOneLine?: boolean;
}

export interface AmfDeclarationSpec {
  rendering: 'fr' | 'en';
  numero: string;
  publicationDate: string;
  headerIsin: string;
  ondeNumber: string;
  declarant: string;
  notification: string;
  issuerName: string;
  lei: string;
  transactions: AmfTransactionSpec[];
  /** Number the transaction blocks ("DETAIL DE LA TRANSACTION 1"). */
  numbered?: boolean;
  receivedDate: string;
  comments?: string;
}

const FR = {
  title: ['Déclaration individuelle relative aux opérations des personnes', 'mentionnées à l’article L.621-18-2 du Code monétaire et financier sur les titres de la société'],
  warning: ['LA PRESENTE NOTIFICATION N’A PAS FAIT L’OBJET D’UN CONTROLE DE L’AMF ET EST ETABLIE', 'SOUS LA RESPONSABILITE EXCLUSIVE DU DECLARANT.'],
  person: ['NOM /FONCTION DE LA PERSONNE EXERCANT DES RESPONSABILITES DIRIGEANTES OU DE LA', 'PERSONNE ETROITEMENT LIEE :'],
  notification: 'NOTIFICATION INITIALE / MODIFICATION:',
  issuer: 'COORDONNEES DE L’EMETTEUR',
  name: 'NOM :',
  lei: 'LEI :',
  detail: 'DETAIL DE LA TRANSACTION',
  date: 'DATE DE LA TRANSACTION :',
  place: 'LIEU DE LA TRANSACTION :',
  nature: 'NATURE DE LA TRANSACTION :',
  instrument: 'DESCRIPTION DE L’INSTRUMENT FINANCIER :',
  code: 'CODE D’IDENTIFICATION DE L’INSTRUMENT FINANCIER :',
  operations: 'INFORMATION DETAILLEE PAR OPERATION',
  unitPrice: 'PRIX UNITAIRE :',
  volume: 'VOLUME :',
  aggregated: 'INFORMATIONS AGREGEES',
  price: 'PRIX :',
  aggregatedVolume: 'VOLUME :',
  programme: ['TRANSACTION LIEE A L’EXERCICE DE PROGRAMMES D’OPTIONS SUR ACTIONS OU SUR UNE ATTRIBUTION', 'D’ACTIONS GRATUITES OU DE PERFORMANCES :'],
  received: 'DATE DE RECEPTION DE LA NOTIFICATION :',
  comments: 'COMMENTAIRES :',
  gdpr: [
    '"Les données à caractère personnel collectées par le biais de ce formulaire font l’objet d’un traitement informatique réservé à l’usage exclusif de',
    'l’AMF pour l’accomplissement de ses missions. Vous pouvez également introduire une réclamation au sujet du traitement de vos données auprès de la CNIL."',
  ],
};

const EN: typeof FR = {
  title: ['Individual notification', 'of transactions by the persons referred to in Article L.621-18-2 of the Monetary and Financial Code'],
  warning: ['THIS NOTIFICATION HAS NOT BEEN REVIEWED BY THE AMF AND IS ESTABLISHED', 'UNDER THE SOLE RESPONSIBILITY OF THE DECLARANT.'],
  person: ['NAME / POSITION - STATUS OF THE PERSON DISCHARGING MANAGERIAL RESPONSABILITIES /', 'PERSON CLOSELY ASSOCIATED:'],
  notification: 'INITIAL NOTIFICATION / AMENDMENT:',
  issuer: 'DETAILS OF THE ISSUER',
  name: 'NAME :',
  lei: 'LEI :',
  detail: 'DETAIL OF THE TRANSACTION',
  date: 'DATE OF THE TRANSACTION :',
  place: 'PLACE OF THE TRANSACTION :',
  nature: 'NATURE OF THE TRANSACTION :',
  instrument: 'DESCRIPTION OF THE FINANCIAL INSTRUMENT, TYPE OF INSTRUMENT :',
  code: 'IDENTIFICATION CODE :',
  operations: 'DETAILED OPERATION INFORMATION',
  unitPrice: 'PRICE :',
  volume: 'VOLUME :',
  aggregated: 'AGGREGATED INFORMATION',
  price: 'PRICE :',
  aggregatedVolume: 'AGGREGATED VOLUME :',
  programme: ['TRANSACTION LINKED TO THE EXERCISE OF SHARE OPTION PROGRAMMES OR TO A FREE OR PERFORMANCE', 'SHARE ALLOTMENT :'],
  received: 'DATE OF RECEIPT OF THE NOTIFICATION :',
  comments: 'COMMENTS :',
  gdpr: [
    '"The personal data collected through this form are processed by computer for the exclusive use of the AMF for the performance of its duties.',
    'You may also lodge a complaint about the processing of your data with the CNIL."',
  ],
};

/** Text lines of the declaration, in reading order, as pdf.js or pdftotext give them. */
export function amfDeclarationLines(spec: AmfDeclarationSpec): string[] {
  return layout(spec).flatMap((page) => page.lines);
}

interface Page {
  runs: PdfRun[];
  lines: string[];
}

function layout(spec: AmfDeclarationSpec): Page[] {
  const L = spec.rendering === 'fr' ? FR : EN;
  const pages: Page[] = [{ runs: [], lines: [] }];
  let y = 795;
  const page = () => pages[pages.length - 1]!;
  const newPage = () => {
    pages.push({ runs: [], lines: [] });
    y = 798;
  };
  const line = (parts: Array<{ text: string; bold?: boolean; gapBefore?: number }>, x: number, size: number, step: number) => {
    if (y < 60) newPage();
    let cursor = x;
    const texts: string[] = [];
    for (const part of parts) {
      cursor += part.gapBefore ?? 0;
      page().runs.push({ text: part.text, x: cursor, y, size, bold: part.bold });
      cursor += part.text.length * size * 0.55;
      texts.push(part.text);
    }
    page().lines.push(texts.join(' '));
    y -= step;
  };
  const labelValue = (label: string, value: string, x = 34) => line([{ text: label, bold: true }, { text: value, gapBefore: 3 }], x, 9, 14);

  // Header: numero top left with the date far right on the same baseline, then ISIN - DD number.
  page().runs.push({ text: spec.numero, x: 32, y, size: 10 }, { text: spec.publicationDate, x: 509, y, size: 10 });
  page().lines.push(`${spec.numero}  ${spec.publicationDate}`);
  y -= 15;
  line([{ text: `${spec.headerIsin} - ${spec.ondeNumber}` }], 32, 10, 36);
  line([{ text: 'INFORMATION', bold: true }], 262, 10, 31);
  for (const t of L.title) line([{ text: t }], 80, 10, 15);
  y -= 30;
  for (const t of L.warning) line([{ text: t, bold: true }], 35, 11, 17);
  y -= 40;
  line([{ text: L.person[0]!, bold: true }], 34, 10, 11);
  line([{ text: L.person[1]!, bold: true }], 34, 10, 25);
  line([{ text: spec.declarant }], 34, 9, 27);
  line([{ text: L.notification, bold: true }], 34, 10, 25);
  line([{ text: spec.notification }], 34, 9, 27);
  line([{ text: L.issuer, bold: true }], 216, 10, 25);
  labelValue(L.name, spec.issuerName);
  labelValue(L.lei, spec.lei);
  y -= 13;
  spec.transactions.forEach((t, i) => {
    line([{ text: spec.numbered ? `${L.detail} ${i + 1}` : L.detail, bold: true }], 225, 10, 24);
    labelValue(L.date, t.date);
    labelValue(L.place, t.place);
    labelValue(L.nature, t.nature);
    labelValue(L.instrument, t.instrument);
    labelValue(L.code, t.code);
    y -= 19;
    line([{ text: L.operations, bold: true }], 212, 8, 32);
    for (const op of t.operations) {
      if (t.operationsOnOneLine) {
        line([{ text: L.unitPrice, bold: true }, { text: op.price, gapBefore: 3 }, { text: L.volume, bold: true, gapBefore: 40 }, { text: op.volume, gapBefore: 3 }], 36, 9, 14);
      } else {
        labelValue(L.unitPrice, op.price, 36);
        labelValue(L.volume, op.volume, 36);
      }
    }
    y -= 21;
    line([{ text: L.aggregated, bold: true }], 243, 8, 30);
    labelValue(L.price, t.aggregatedPrice);
    labelValue(L.aggregatedVolume, t.aggregatedVolume);
    y -= 13;
    line([{ text: L.programme[0]!, bold: true }], 34, 9, 10);
    line([{ text: L.programme[1]!, bold: true }, { text: t.programme, gapBefore: 3 }], 34, 9, 26);
  });
  labelValue(L.received, spec.receivedDate);
  y -= 12;
  line([{ text: L.comments, bold: true }], 34, 9, 14);
  if (spec.comments) line([{ text: spec.comments }], 34, 9, 14);
  newPage();
  for (const t of L.gdpr) line([{ text: t }], 32, 8, 12);
  return pages;
}

/** The declaration as a PDF file. */
export function amfDeclarationPdf(spec: AmfDeclarationSpec): Buffer {
  return minimalPdf(layout(spec).map((p) => p.runs), { title: 'INFORMATION', creator: 'AMF' });
}

/** A baseline French declaration to vary in tests. */
export function baseSpec(overrides: Partial<AmfDeclarationSpec> = {}): AmfDeclarationSpec {
  return {
    rendering: 'fr',
    numero: '2026DD1130001',
    publicationDate: '3 juillet 2026',
    headerIsin: 'FR001400ABC3',
    ondeNumber: 'DD200001',
    declarant: 'Jeanne MARTIN, Directrice Générale Déléguée',
    notification: 'Notification initiale',
    issuerName: 'EXEMPLE INDUSTRIES SA',
    lei: '969500EXAMPLE0000083',
    transactions: [
      {
        date: '1 juillet 2026',
        place: 'Euronext Paris',
        nature: 'Acquisition',
        instrument: 'Action',
        code: 'FR001400ABC3',
        operations: [{ price: '612.4000 Euro', volume: '150.0000' }],
        aggregatedPrice: '612.4000 Euro',
        aggregatedVolume: '150.0000',
        programme: 'NON',
      },
    ],
    receivedDate: '2 juillet 2026',
    ...overrides,
  };
}
