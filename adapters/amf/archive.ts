import path from 'node:path';
import type { RawDocument, Skipped } from '../types.js';
import { BdifBundleSchema, BdifListingSchema, outOfScopeTypes } from './bdif.js';
import { BDIF_BUNDLE_MEDIA_TYPE, DD_NUMERO } from './codes.js';

/**
 * Recognizes the raw BDIF documents of an offline archive: declaration PDFs as published
 * (`/back/api/v1/documents/…`), and the bundles the fetcher stores. Listing pages carry no
 * declaration and are out of scope.
 */
export function readAmfArchiveFile(relativePath: string, body: Buffer, retrievedAt: string): RawDocument | Skipped {
  const base = path.basename(relativePath);
  const stem = base.replace(/\.[^.]+$/, '');
  if (/\.pdf$/i.test(base) || body.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    return {
      sourceId: DD_NUMERO.exec(base)?.[1] ?? stem,
      url: null,
      retrievedAt,
      mediaType: 'application/pdf',
      body,
    };
  }
  if (/\.json$/i.test(base)) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return { skipped: `${relativePath}: not valid JSON` };
    }
    const bundle = BdifBundleSchema.safeParse(json);
    if (bundle.success) {
      return { sourceId: bundle.data.information.numero, url: bundle.data.document.url, retrievedAt, mediaType: BDIF_BUNDLE_MEDIA_TYPE, body };
    }
    const listing = BdifListingSchema.safeParse(json);
    if (listing.success) {
      const types = [...new Set(listing.data.result.flatMap((i) => i.typesInformation ?? []))];
      if (!types.includes('DD')) return { skipped: `${relativePath}: ${outOfScopeTypes(types)}` };
      return { skipped: `${relativePath}: BDIF listing page (no transaction data; declarations are their PDFs)` };
    }
    return { skipped: `${relativePath}: JSON that is not a BDIF document` };
  }
  return { skipped: `${relativePath}: not a BDIF PDF or bundle` };
}
