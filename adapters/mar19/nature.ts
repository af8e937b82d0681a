import { foldText } from '../../src/model/slug.js';
import type { Nature } from '../../src/model/index.js';

interface NaturePattern {
  pattern: RegExp;
  nature: Nature;
  note: string;
}

/**
 * Section 4(b) "nature of the transaction" is free text in every language. Rows run in order over
 * the folded text: plan and non-discretionary wordings before the plain purchase/sale words they
 * contain ("DRIP purchase", "sold to cover tax", "acquisition définitive d'actions gratuites").
 */
export const NATURE_PATTERNS: readonly NaturePattern[] = [
  { pattern: /\b(sell|sold|sale)[- ]to[- ]cover\b|\btax (withholding|liabilit)|\bwithh(e|o)ld(ing)?\b|\bto (satisfy|meet|cover) (the )?(income )?tax\b|\bsteuereinbehalt\b|\bpaiement (de l'impot|des impots)\b/, nature: 'TAX_WITHHOLDING', note: 'shares sold or withheld to pay tax' },
  { pattern: /\bexerci(c|s)e\b|\bexercised\b|\bausubung\b|\besercizio\b|\bejercicio\b|\buitoefening\b|\blevee d'options?\b/, nature: 'EXERCISE', note: 'option exercise' },
  { pattern: /\b(attribution|acquisition definitive|livraison) (gratuite|d'actions gratuites|d'actions de performance)|\bactions? gratuites?\b|\bactions? de performance\b|\bgrant(ed)?\b|\baward(ed)?\b|\bvest(ed|ing)?\b|\bfree shares?\b|\brelease of (shares|awards?)\b|\bzuteilung\b|\bassegnazione\b|\bentrega de acciones\b|\btoekenning\b|\bdeferred (share|bonus) (plan|award)/, nature: 'AWARD', note: 'grant, award or vesting' },
  { pattern: /\b(donation|don manuel|gift(ed)?|schenkung|donazione|donacion|schenking)\b/, nature: 'GIFT', note: 'gift' },
  { pattern: /\b(succession|heritage|inheritance|inherited|erbschaft|erbgang|vererbung|successione|herencia|erfenis|bequest)\b/, nature: 'INHERITANCE', note: 'inheritance' },
  { pattern: /\bconversion\b|\bconverted\b|\bumwandlung\b|\bwandlung\b|\bconversione\b|\bconversie\b/, nature: 'CONVERSION', note: 'conversion' },
  { pattern: /\b(dividend re-?investment|drip|scrip dividend|reinvestissement du dividende|paiement du dividende en actions|dividende en actions|share incentive plan|sip\b|sharesave|save as you earn|saye\b|partnership shares|matching shares|dividend shares|employee share purchase plan|espp\b|plan d'epargne|fcpe|nantissement|pledge|verpfandung|pegno|pignoracion|pand|lending|pret de titres|wertpapierleihe|sonstiges|autre|other\b|transfer(red)?\b|transfert\b|ubertragung\b)/, nature: 'OTHER', note: 'plan purchases, pledges, transfers and other non-discretionary operations' },
  { pattern: /\b(sale|sell|sold|disposal|disposed|dispose|cession|cede|vente|vendu|verkauf|verkauft|verausserung|vendita|cessione|venta|enajenacion|verkoop|vervreemding)\b/, nature: 'SELL', note: 'sale' },
  { pattern: /\b(purchase|purchased|buy|bought|acquisition|acquired|acquire|achat|achete|souscription|subscription|subscribed|kauf|gekauft|erwerb|zeichnung|acquisto|sottoscrizione|compra|adquisicion|suscripcion|aankoop|verwerving|inschrijving)\b|\binvest(ment|ed)? in\b/, nature: 'BUY', note: 'purchase or subscription' },
];

/** The common nature of a free-text nature of transaction; OTHER when nothing matches. */
export function classifyNature(text: string | null | undefined): Nature | null {
  if (!text || !text.trim()) return null;
  const folded = foldText(text).replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ');
  return NATURE_PATTERNS.find((row) => row.pattern.test(folded))?.nature ?? 'OTHER';
}

/** Wordings that say the dealing was made under a plan or programme, not decided on the day. */
export const PLAN_WORDING =
  /\b(dividend re-?investment (plan|programme)|drip\b|share incentive plan|sip\b|sharesave|save as you earn|employee share purchase plan|trading plan|10b5-1|dealing plan|programmed? (trading|purchase|sale)|mandat de gestion|programme de rachat|plan d'epargne|savings plan|regular (monthly )?investment|monthly investment|sparplan)/;

/** True when the free text says the transaction followed a plan (the UK SIP/DRIP case). */
export function mentionsPlan(text: string | null | undefined): boolean {
  return text ? PLAN_WORDING.test(foldText(text)) : false;
}

const DERIVATIVE_WORDING =
  /\b(options?|option d'achat|stock options?|warrants?|bsa|bspce|derivatives?|derive|cfd|swaps?|futures?|optionsscheine?|optionsrechte?|derivat\w*|restricted stock units?|rsus?|performance share units?|psus?|share appreciation rights?|phantom|anderes auf aktie|anderes auf schuldtitel|convertible|obligations? convertibles?|wandelanleihen?)\b/;

/** True when the instrument description names a derivative (options, warrants, RSUs, CFDs…). */
export function isDerivativeInstrument(text: string | null | undefined): boolean {
  return text ? DERIVATIVE_WORDING.test(foldText(text)) : false;
}
