import { foldText } from '../../src/model/slug.js';

/**
 * The fields of the notification template of Commission Implementing Regulation (EU) 2016/523
 * (kept by UK MAR), plus the few extra lines the AMF rendering prints. Section fields open a block;
 * `name`, `price` and `volume` mean different things depending on the block they sit in.
 */
export const MAR19_FIELDS = [
  'personSection',
  'namePosition',
  'name',
  'firstName',
  'lastName',
  'reasonSection',
  'position',
  'notificationType',
  'issuerSection',
  'lei',
  'transactionSection',
  'instrumentAndCode',
  'instrument',
  'identificationCode',
  'nature',
  'pricesVolumes',
  'detailedOperations',
  'unitPrice',
  'price',
  'volume',
  'aggregated',
  'aggregatedVolume',
  'aggregatedPrice',
  'date',
  'place',
  'currency',
  'programmeLinked',
  'receivedDate',
  'comments',
] as const;
export type Mar19Field = (typeof MAR19_FIELDS)[number];

export const MAR19_LANGUAGES = ['en', 'fr', 'de', 'it', 'es', 'nl'] as const;
export type Mar19Language = (typeof MAR19_LANGUAGES)[number];

export const SECTION_FIELDS: ReadonlySet<Mar19Field> = new Set([
  'personSection',
  'reasonSection',
  'issuerSection',
  'transactionSection',
  'detailedOperations',
]);

type LabelTable = ReadonlyArray<readonly [Mar19Field, RegExp]>;

/*
 * Label dictionaries. Each pattern runs on the label as normalized by `normalizeLabel` (lower case,
 * accents folded, typographic apostrophes as "'", spaces collapsed) and is anchored at its start.
 * A pattern consumes the whole printed label so that, in running text ("Date of the transaction
 * 13 May 2026"), what follows is the value. Order matters: specific before general.
 * English, French and German are checked against real documents (RNS, AMF, BaFin/EQS wording);
 * Italian, Spanish and Dutch follow the official language versions of the regulation's template.
 */
const EN: LabelTable = [
  ['namePosition', /^name ?\/ ?position[^:]*?(closely associated|responsab?ilit(?:y|ies))( ?\/ ?(the )?persons? closely associated)?/],
  ['personSection', /^details? of (the )?(persons?|pdmr|primary insider)\b.*?(closely associated( with them)?|related party|managerial responsibilit(?:y|ies))( ?\/ ?(the )?persons? closely associated( with them)?)?/],
  ['firstName', /^first names?( ?\(s\))?/],
  ['lastName', /^(last names?( ?\(s\))?|surnames?|family name)/],
  ['name', /^(full )?names?( ?\(s\))?( of (the )?(pdmr|person|issuer|entity))?(?![a-z0-9])/],
  ['reasonSection', /^reason for (the )?notification/],
  ['notificationType', /^initial notification( ?\/ ?amend(e)?ment)?|^amendment(?![a-z0-9])/],
  ['position', /^(position ?\/ ?status|position|status|job title|title)(?![a-z0-9])/],
  ['issuerSection', /^details? of (the )?(issuer|company)(,? emission allowance market participant,? auction platform,? auctioneer,? or auction monitor)?/],
  ['lei', /^(lei( code)?|legal entity identifier( ?\(lei\))?)(?![a-z0-9])/],
  ['transactionSection', /^details? of (the )?transactions?( ?\(s\))?( ?\d+)?(:? ?section to be repeated .*?(conducted|carried out))?/],
  ['instrumentAndCode', /^description of the financial instrument,?( type of instrument)?,?( ?\/ ?)? ?(identification code|isin)( \(isin\))?/],
  ['instrument', /^description of the financial instrument(,? type of instrument)?/],
  ['identificationCode', /^((financial instrument )?identification code( of the financial instrument)?|isin( code)?)(?![a-z0-9])/],
  ['nature', /^nature of (the )?transactions?( ?\(s\))?/],
  ['pricesVolumes', /^prices?( ?\(s\))? ?(and|&) ?volumes?( ?\(s\))?/],
  ['detailedOperations', /^detailed operations? information/],
  ['aggregated', /^aggregated information( ?-? ?aggregated volume ?-? ?price)?/],
  ['aggregatedVolume', /^-? ?aggregated volume/],
  ['aggregatedPrice', /^-? ?(aggregated|weighted average|average) price/],
  ['unitPrice', /^unit price/],
  ['price', /^-? ?prices?( ?\(s\))?(?![a-z0-9])/],
  ['volume', /^-? ?volumes?( ?\(s\))?(?![a-z0-9])/],
  ['receivedDate', /^date of receipt of (the )?notification/],
  ['date', /^date of (the )?transactions?( ?\(s\))?/],
  ['place', /^place of (the )?transactions?( ?\(s\))?/],
  ['currency', /^currency(?![a-z0-9])/],
  ['programmeLinked', /^transaction linked to (the )?exercise[^:]*/],
  ['comments', /^comments?(?![a-z0-9])/],
];

const FR: LabelTable = [
  ['namePosition', /^nom ?\/ ?fonction de la personne[^:]*/],
  ['personSection', /^(coordonnees|details?|informations?) (de|sur|concernant) la personne exercant des responsabilites dirigeantes.*?liee/],
  ['firstName', /^prenoms?(?![a-z0-9])/],
  ['name', /^nom(?![a-z0-9])/],
  ['reasonSection', /^(motif|raison) de la notification/],
  ['notificationType', /^notification initiale( ?\/ ?modification)?/],
  ['position', /^(poste ?\/ ?statut|fonction|poste|statut)(?![a-z0-9])/],
  ['issuerSection', /^(coordonnees|details?|informations?) (de|sur|concernant) l'emetteur/],
  ['lei', /^(code )?lei(?![a-z0-9])/],
  ['detailedOperations', /^informations? detaillees? par operation/],
  ['transactionSection', /^(details? de la transaction|informations? (detaillees? )?sur (la|les) transactions?)( ?\d+)?/],
  ['instrumentAndCode', /^description de l'instrument financier,? (type d'instrument,? )?code d'identification/],
  ['instrument', /^description de l'instrument financier(,? type d'instrument)?/],
  ['identificationCode', /^code d'identification( de l'instrument financier)?/],
  ['nature', /^nature de (la|les) transactions?/],
  ['pricesVolumes', /^prix ?(\(s\) )?et volumes? ?(\(s\))?/],
  ['aggregated', /^informations? agregees?/],
  ['aggregatedVolume', /^-? ?volume agrege/],
  ['aggregatedPrice', /^-? ?prix (moyen|agrege)( pondere)?/],
  ['unitPrice', /^prix unitaire/],
  ['price', /^-? ?prix(?![a-z0-9])/],
  ['volume', /^-? ?volumes?(?![a-z0-9])/],
  ['receivedDate', /^date de reception de la notification/],
  ['date', /^date de (la|les) transactions?/],
  ['place', /^lieu de (la|les) transactions?/],
  ['currency', /^devise(?![a-z0-9])/],
  ['programmeLinked', /^transaction liee a l'exercice de programmes[^:]*/],
  ['comments', /^commentaires?(?![a-z0-9])/],
];

const DE: LabelTable = [
  ['personSection', /^angaben zu (den |der )?(personen?|meldepflichtigen)\b.*?(wahrnehmen|stehenden? personen?)( sowie .*?personen?)?/],
  ['firstName', /^vorname(?![a-z0-9])/],
  ['lastName', /^nachname(?![a-z0-9])/],
  ['name', /^name(?![a-z0-9])/],
  ['reasonSection', /^grund der meldung/],
  ['notificationType', /^erstmeldung( ?\/ ?berichtigung)?/],
  ['position', /^position( ?\/ ?status)?(?![a-z0-9])/],
  ['issuerSection', /^angaben zum emittenten(,? teilnehmer am markt fur emissionszertifikate.*?(beobachter|versteigerer))?/],
  ['lei', /^lei(?![a-z0-9])/],
  ['transactionSection', /^angaben zu(m|den) geschaft(en)?( ?\/ ?zu den geschaften)?( ?\d+)?(:? ?abschnitt ist .*?(getatigt wurden|wurden))?/],
  ['instrumentAndCode', /^(beschreibung des finanzinstruments|art des instruments),?( art des instruments,?)? ?(kennung|isin)/],
  ['instrument', /^(beschreibung des finanzinstruments(,? art des instruments)?|art des instruments)/],
  ['identificationCode', /^(kennung( des finanzinstruments)?|isin)(?![a-z0-9])/],
  ['nature', /^art des geschafts/],
  ['pricesVolumes', /^preise? ?(\(e\) )?und volumen/],
  ['aggregated', /^aggregierte informationen/],
  ['aggregatedVolume', /^-? ?aggregiertes volumen/],
  ['aggregatedPrice', /^-? ?(durchschnittspreis|aggregierter preis)/],
  ['price', /^-? ?preis(?![a-z0-9])/],
  ['volume', /^-? ?volumen(?![a-z0-9])/],
  ['date', /^datum des geschafts/],
  ['place', /^ort des geschafts/],
  ['currency', /^wahrung(?![a-z0-9])/],
];

const IT: LabelTable = [
  ['personSection', /^dati relativi alla persona che esercita.*?(strettamente (associata|legata))/],
  ['name', /^nome(?![a-z0-9])/],
  ['reasonSection', /^motivo della notifica/],
  ['notificationType', /^notifica iniziale( ?\/ ?modifica)?/],
  ['position', /^posizione( ?\/ ?qualifica)?/],
  ['issuerSection', /^dati relativi all'emittente/],
  ['lei', /^lei(?![a-z0-9])/],
  ['transactionSection', /^dati relativi (all'operazione|alle operazioni)/],
  ['instrumentAndCode', /^descrizione dello strumento finanziario,? (tipo di strumento,? )?codice di identificazione/],
  ['instrument', /^descrizione dello strumento finanziario(,? tipo di strumento)?/],
  ['identificationCode', /^codice di identificazione/],
  ['nature', /^natura dell'operazione/],
  ['pricesVolumes', /^prezz[oi] ?(\(i\)|\/i)? e volum[ei] ?(\(i\)|\/i)?/],
  ['aggregated', /^informazioni aggregate/],
  ['aggregatedVolume', /^-? ?volume aggregato/],
  ['price', /^-? ?prezzo(?![a-z0-9])/],
  ['date', /^data dell'operazione/],
  ['place', /^luogo dell'operazione/],
];

const ES: LabelTable = [
  ['personSection', /^datos de la persona con responsabilidades de direccion.*?vinculada/],
  ['name', /^nombre(?![a-z0-9])/],
  ['reasonSection', /^motivo de la notificacion/],
  ['notificationType', /^notificacion inicial( ?\/ ?modificacion)?/],
  ['position', /^cargo( ?\/ ?posicion)?/],
  ['issuerSection', /^datos del emisor/],
  ['lei', /^lei(?![a-z0-9])/],
  ['transactionSection', /^datos de (la operacion|las operaciones)/],
  ['instrumentAndCode', /^descripcion del instrumento financiero,? (tipo de instrumento,? )?codigo de identificacion/],
  ['instrument', /^descripcion del instrumento financiero(,? tipo de instrumento)?/],
  ['identificationCode', /^codigo de identificacion/],
  ['nature', /^naturaleza de la operacion/],
  ['pricesVolumes', /^precios? ?(\(s\))? y volumen(es)? ?(\(es\))?/],
  ['aggregated', /^informacion agregada/],
  ['aggregatedVolume', /^-? ?volumen agregado/],
  ['price', /^-? ?precio(?![a-z0-9])/],
  ['volume', /^-? ?volumen(?![a-z0-9])/],
  ['date', /^fecha de la operacion/],
  ['place', /^lugar de la operacion/],
];

const NL: LabelTable = [
  ['personSection', /^gegevens (van|betreffende) de persoon met leidinggevende verantwoordelijkheid.*?verbonden persoon/],
  ['name', /^naam(?![a-z0-9])/],
  ['reasonSection', /^reden (van|voor) de kennisgeving/],
  ['notificationType', /^eerste kennisgeving( ?\/ ?wijziging)?/],
  ['position', /^positie( ?\/ ?status)?/],
  ['issuerSection', /^gegevens (van|betreffende) de uitgevende instelling/],
  ['lei', /^lei(?![a-z0-9])/],
  ['transactionSection', /^gegevens (van|betreffende) de transactie/],
  ['instrumentAndCode', /^beschrijving van het financiele instrument,? (soort instrument,? )?identificatiecode/],
  ['instrument', /^beschrijving van het financiele instrument(,? soort instrument)?/],
  ['identificationCode', /^identificatiecode/],
  ['nature', /^aard van de transactie/],
  ['pricesVolumes', /^prijs ?(\(prijzen\))? en volume ?(\(s\))?/],
  ['aggregated', /^geaggregeerde informatie/],
  ['aggregatedVolume', /^-? ?geaggregeerd volume/],
  ['price', /^-? ?prijs(?![a-z0-9])/],
  ['date', /^datum van de transactie/],
  ['place', /^plaats van de transactie/],
];

export const MAR19_LABELS: Readonly<Record<Mar19Language, LabelTable>> = { en: EN, fr: FR, de: DE, it: IT, es: ES, nl: NL };

/** A label text reduced for matching, with the index in the original text of every character. */
export interface NormalizedText {
  text: string;
  /** `map[i]` is the original index of normalized character i; `map[text.length]` the original length. */
  map: number[];
}

/** Lower case, accents folded, typographic apostrophes as "'", whitespace runs as one space. */
export function normalizeWithMap(original: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    if (/[\s\u00a0\u202f]/.test(ch)) {
      if (!lastWasSpace) {
        text += ' ';
        map.push(i);
      }
      lastWasSpace = true;
      continue;
    }
    const code = ch.charCodeAt(0);
    // ASCII needs no Unicode folding; most label text is ASCII, and this runs on every table cell.
    const folded = code < 128 ? (ch === '`' ? "'" : ch.toLowerCase()) : /['’‘`´™]/.test(ch) ? "'" : foldText(ch);
    for (const f of folded) {
      text += f;
      map.push(i);
    }
    lastWasSpace = false;
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  map.push(original.length);
  return { text, map };
}

export function normalizeLabel(text: string): string {
  return normalizeWithMap(text).text;
}

/** "a)", "1", "4.1", "(ii)", "-" in front of a label. */
const ENUMERATION_PREFIX = /^((\d{1,2}(\.\d{1,2})?\.?|[a-h]\)|\([a-h]\)|[a-h]\.|\(?[ivx]{1,4}\))\s*)+/;

export interface LabelMatch {
  field: Mar19Field;
  language: Mar19Language;
  /** The text after the label, from the original (accents and case kept), colon removed. */
  rest: string;
}

/**
 * Finds the template label at the start of `text` in any of the given languages.
 * Returns the field and what follows the label (the value, in running text).
 */
export function matchLabel(text: string, languages: readonly Mar19Language[] = MAR19_LANGUAGES): LabelMatch | null {
  const { text: normalized, map } = normalizeWithMap(text);
  const prefix = ENUMERATION_PREFIX.exec(normalized);
  const offset = prefix ? prefix[0].length : 0;
  const body = normalized.slice(offset);
  for (const language of languages) {
    for (const [field, pattern] of MAR19_LABELS[language]) {
      const m = pattern.exec(body);
      if (!m) continue;
      const end = map[offset + m[0].length] ?? text.length;
      const rest = text
        .slice(end)
        .replace(/^[\s\u00a0]*[:：]?[\s\u00a0]*/, '')
        .trim();
      return { field, language, rest };
    }
  }
  return null;
}
