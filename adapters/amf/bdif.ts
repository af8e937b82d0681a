import { z } from 'zod';
import { BDIF_BUNDLE_FORMAT, BDIF_OTHER_TYPES, BDIF_TYPE_DD } from './codes.js';

const nullableString = z.string().nullable().optional();

/** A `documents[]` entry of a BDIF item (only the keys Sigma reads are checked). */
export const BdifDocumentSchema = z
  .object({
    nomFichier: nullableString,
    path: nullableString,
    accessible: z.boolean().nullable().optional(),
    format: nullableString,
  })
  .passthrough();
export type BdifDocument = z.infer<typeof BdifDocumentSchema>;

export const BdifCompanySchema = z
  .object({ jeton: nullableString, raisonSociale: nullableString, role: nullableString })
  .passthrough();

/** One `result[]` item of `/back/api/v1/informations` (and the single-item answer). */
export const BdifItemSchema = z
  .object({
    id: z.number().nullable().optional(),
    numero: z.string().min(1),
    datePublication: nullableString,
    dateInformation: nullableString,
    typesInformation: z.array(z.string()).nullable().optional(),
    typesDocument: z.array(z.string()).nullable().optional(),
    documents: z.array(BdifDocumentSchema).nullable().optional(),
    societes: z.array(BdifCompanySchema).nullable().optional(),
  })
  .passthrough();
export type BdifItem = z.infer<typeof BdifItemSchema>;

export const BdifListingSchema = z.object({ result: z.array(BdifItemSchema), total: z.number() }).passthrough();
export type BdifListing = z.infer<typeof BdifListingSchema>;

export function isDdItem(item: BdifItem): boolean {
  return (item.typesInformation ?? []).includes(BDIF_TYPE_DD);
}

/** The declaration PDF of a DD item (BDIF items may also carry HTML renderings). */
export function pdfDocumentOf(item: BdifItem): BdifDocument | null {
  return (
    (item.documents ?? []).find(
      (d) => d.accessible !== false && /\.pdf$/i.test(d.path ?? d.nomFichier ?? '') && Boolean(d.path),
    ) ?? null
  );
}

/** The issuer concerned ("SocieteConcernee"), else the first company of the item. */
export function issuerOf(item: BdifItem): { jeton: string | null; name: string | null } {
  const companies = item.societes ?? [];
  const concerned = companies.find((c) => c.role === 'SocieteConcernee') ?? companies[0];
  return { jeton: concerned?.jeton ?? null, name: concerned?.raisonSociale ?? null };
}

/**
 * What the fetcher stores for one DD: the listing item (publication time, issuer `jeton`) and the
 * declaration PDF, both exactly as BDIF served them. The PDF alone lacks the jeton and the time.
 */
export const BdifBundleSchema = z.object({
  format: z.literal(BDIF_BUNDLE_FORMAT),
  information: BdifItemSchema,
  document: z.object({
    path: z.string(),
    nomFichier: z.string().nullable(),
    url: z.string(),
    mediaType: z.string(),
    base64: z.string(),
  }),
});
export type BdifBundle = z.infer<typeof BdifBundleSchema>;

export function makeBundle(item: BdifItem, document: BdifDocument, url: string, pdf: Buffer): Buffer {
  const bundle: BdifBundle = {
    format: BDIF_BUNDLE_FORMAT,
    information: item,
    document: {
      path: document.path ?? '',
      nomFichier: document.nomFichier ?? null,
      url,
      mediaType: 'application/pdf',
      base64: pdf.toString('base64'),
    },
  };
  return Buffer.from(JSON.stringify(bundle), 'utf8');
}

/** Why items of these BDIF types are not read ("FT (final terms)…"). */
export function outOfScopeTypes(types: string[]): string {
  const named = types.map((t) => (BDIF_OTHER_TYPES[t] ? `${t} (${BDIF_OTHER_TYPES[t]})` : t)).join(', ') || 'no type';
  return `BDIF information of type ${named}: only directors' dealings (DD) are in scope`;
}
