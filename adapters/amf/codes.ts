/** Regulator facts and code tables of the AMF BDIF source. */

export const PARIS_TIME_ZONE = 'Europe/Paris';

/** BDIF `typesInformation` of directors' dealings; every other type is out of scope. */
export const BDIF_TYPE_DD = 'DD';
/** BDIF `typesDocument` of a DD item. */
export const BDIF_DOCUMENT_TYPE_DD = 'DeclarationDirigeants';

/** Other `typesInformation` seen in BDIF, named so a skip message can say what a document is. */
export const BDIF_OTHER_TYPES: Readonly<Record<string, string>> = {
  SPDE: 'threshold crossings, pacts and exemptions',
  OPA: 'takeover offer',
  VAD: 'short positions',
  FT: 'final terms',
};

/** A DD numero: year, "DD", then the BDIF sequence (2026DD1123798). */
export const DD_NUMERO = /\b(\d{4}DD\d{5,9})\b/;
/** Second header line of a DD PDF: issuer ISIN (may be blank) " - DD" + ONDE declaration number. */
export const DD_HEADER_LINE = /^\s*([A-Z]{2}[A-Z0-9]{9}\d)?\s*-\s*(DD\s?\d{3,9})\s*$/;

/**
 * The fixed GDPR notice AMF prints after "COMMENTAIRES :" (its English counterpart in the English
 * rendering). Nothing after it belongs to the declaration.
 */
export const GDPR_NOTICE_START = /^["«“\s]*(Les données à caractère personnel|Les donnees a caractere personnel|The personal data)/i;

/** Lines of the English rendering that the French one never prints. */
export const ENGLISH_RENDERING = /^(individual notification|details of the issuer|detailed operation information|aggregated information)\b/i;

/** Media type of a fetched DD: the listing item and its PDF, both verbatim, in one JSON envelope. */
export const BDIF_BUNDLE_MEDIA_TYPE = 'application/vnd.sigma.amf-bdif+json';
export const BDIF_BUNDLE_FORMAT = 'sigma.amf.bdif/1';

/** Form type of a BDIF directors' dealing in the common model. */
export const AMF_FORM_TYPE = 'DD';

/** Elasticsearch behind BDIF stops counting (and paging) at 10,000 results. */
export const BDIF_RESULT_CAP = 10_000;
