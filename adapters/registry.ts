import { secAdapter } from './sec/index.js';
import type { SourceAdapter } from './types.js';

/** Every regulator adapter, one line each. Adding a regulator = one folder + one line here. */
export const ADAPTERS: readonly SourceAdapter[] = [
  secAdapter,
];

/** The adapter of a source code (`sec`, `amf`…), case-insensitive; undefined when there is none. */
export function adapterFor(source: string): SourceAdapter | undefined {
  const wanted = source.trim().toLowerCase();
  return ADAPTERS.find((adapter) => adapter.source === wanted);
}
