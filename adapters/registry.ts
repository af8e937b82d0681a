import { secAdapter } from './sec/index.js';
import type { SourceAdapter } from './types.js';

/** Every regulator Sigma can ingest: one line per adapter. */
export const ADAPTERS: readonly SourceAdapter[] = Object.freeze([
  secAdapter,
]);

export function adapterFor(source: string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.source === source.toLowerCase());
}

export function knownSources(): string[] {
  return ADAPTERS.map((a) => a.source);
}
