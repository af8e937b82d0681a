import { amfAdapter } from './amf/index.js';
import { bafinAdapter } from './bafin/index.js';
import { fcaAdapter } from './fca/index.js';
import { secAdapter } from './sec/index.js';
import type { SourceAdapter } from './types.js';

/** Every regulator Sigma can ingest: one line per adapter. */
export const ADAPTERS: readonly SourceAdapter[] = Object.freeze([
  secAdapter,
  amfAdapter,
  bafinAdapter,
  fcaAdapter,
] as SourceAdapter[]);

export function adapterFor(source: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.source === source.toLowerCase());
}

export function knownSources(): string[] {
  return ADAPTERS.map((a) => a.source);
}
