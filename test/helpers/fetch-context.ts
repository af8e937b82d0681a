import type { FetchContext, FetchPage } from '../../adapters/types.js';
import { loadConfig } from '../../src/config.js';
import { createHttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/log.js';

/**
 * A fetch context for a European adapter pointed at a loopback server by `env`: the real HTTP
 * client, with retries kept and back-off shortened so retry paths run in milliseconds.
 */
export function europeFetchContext(env: Record<string, string>): FetchContext {
  const config = loadConfig(env);
  const http = createHttpClient({ userAgent: config.europe.userAgent, timeoutMs: 5000, retries: 2, defaultPerSecond: 1000, backoffBaseMs: 1 });
  return { http, config, log: silentLogger, signal: new AbortController().signal };
}

export async function collectPages(pages: AsyncIterable<FetchPage>): Promise<FetchPage[]> {
  const out: FetchPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}
