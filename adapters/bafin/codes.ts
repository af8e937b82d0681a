/** Regulator facts and code tables of the BaFin DealingsInfo source. */

export const BERLIN_TIME_ZONE = 'Europe/Berlin';

/** The export's 13 columns, in order, as the German-locale CSV prints them. */
export const BAFIN_CSV_COLUMNS = [
  'Emittent',
  'BaFin-ID',
  'ISIN',
  'Meldepflichtiger',
  'Position / Status',
  'Art des Instruments',
  'Art des Geschäfts',
  'Durchschnittspreis',
  'Aggregiertes Volumen',
  'Mitteilungsdatum',
  'Datum des Geschäfts',
  'Ort des Geschäfts',
  'Datum der Aktivierung',
] as const;

/** `Position / Status` values the register uses, and what they mean. */
export const BAFIN_POSITIONS: Readonly<Record<string, string>> = {
  Vorstand: 'member of the management board',
  Aufsichtsrat: 'member of the supervisory board',
  'Sonstige Führungsperson': 'other person discharging managerial responsibilities',
  'in enger Beziehung': 'closely associated person',
};

/** `Art des Geschäfts` values; anything else goes through the MAR nature table as free text. */
export const BAFIN_TRANSACTION_TYPES: Readonly<Record<string, string>> = {
  Kauf: 'purchase',
  Verkauf: 'sale',
  Sonstiges: 'other (grants, exercises, transfers… the register does not say)',
};

/** `Art des Instruments` values that are shares (the ISIN column is then the traded share's). */
export const BAFIN_SHARE_INSTRUMENTS = /^(aktie|aktien|share|shares)$/i;

/** DealingsInfo keeps about twelve months of notifications; older rows are dropped. */
export const BAFIN_WINDOW_DAYS = 365;

/**
 * The Displaytag export switch of the DealingsInfo result table: `d-4000784-e=1` selects CSV and
 * `6578706f7274=1` (hex of "export") triggers the download. `zeitraum=2` with `zeitraumVon` /
 * `zeitraumBis` (DD.MM.YYYY) selects a custom window.
 */
export const BAFIN_SEARCH_PATH = '/database/DealingsInfo/sucheForm.do';
export const BAFIN_EXPORT_TABLE = 'd-4000784-e';
export const BAFIN_EXPORT_FLAG = '6578706f7274';

export const BAFIN_FORM_TYPE = 'MAR19';
