/** Regulator facts and code tables of the UK source (FCA NSM + RNS as served by Investegate). */

export const UK_TIME_ZONE = 'Europe/London';

/**
 * Investegate announcement URL: /announcement/{pip}/{company-slug}--{ticker}/{headline-slug}/{id}.
 * Groups: 1 pip (rns, prn, bzw…), 2 company slug, 3 ticker, 4 headline slug, 5 numeric id.
 */
export const INVESTEGATE_ANNOUNCEMENT_PATH =
  /\/announcement\/([a-z0-9]+)\/([a-z0-9-]+?)(?:--([a-z0-9.]+))?\/([a-z0-9-]+)\/(\d+)(?:[/?#]|$)/i;

/** Investegate's daily index of directors' dealings. */
export const INVESTEGATE_CATEGORY_PATH = '/category/directors-dealings';

/**
 * Headlines (as slugs or text) that announce PDMR dealings. "Transaction in Own Shares" is the
 * issuer's buy-back, not a PDMR dealing, and is left out on purpose.
 */
export const PDMR_HEADLINE = /\b(pdmr|director[s']*[-\s/]*(and[-\s])?(pdmr[-\s])?(shareholding|dealings?|share[-\s]?dealings?|interests?)|directors?[-\s]dealing|dealing[-\s]by[-\s](a[-\s])?directors?|notification[-\s]of[-\s](transactions?|dealings?))\b/i;
export const NOT_PDMR_HEADLINE = /\b(transaction[-\s]in[-\s]own[-\s]shares|holding\(?s\)?[-\s]in[-\s]company|total[-\s]voting[-\s]rights)\b/i;

/**
 * NSM search index and the RNS headline type of PDMR notifications. The index was
 * `fca-nsm-searchdata` (reported renamed to `nsm-search` in 2026, hence configurable); "DSH" is
 * RNS's headline code for "Director/PDMR Shareholding".
 */
export const NSM_DEFAULT_INDEX = 'fca-nsm-searchdata';
export const NSM_PDMR_TYPE_CODES = ['DSH'] as const;
export const NSM_PDMR_TYPE = /director\s*\/\s*pdmr shareholding|pdmr/i;

/** Form type of the template in the common model. */
export const FCA_FORM_TYPE = 'MAR19';
