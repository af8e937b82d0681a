import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIpRangeSet, type IpRangeSet } from './ip.js';

/** The lists shipped with Sigma; operators can replace the datacenter one by configuration. */
export const BUNDLED_DATACENTER_CIDRS = fileURLToPath(new URL('./data/datacenter-cidrs.txt', import.meta.url));
export const BUNDLED_BOT_USER_AGENTS = fileURLToPath(new URL('./data/bot-user-agents.txt', import.meta.url));

/** Meaningful lines of a list file: trimmed, without blank lines and '#' comments. */
export function listEntries(text: string): Array<{ line: number; entry: string }> {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ line: index + 1, entry: raw.replace(/(^|\s)#.*$/, '').trim() }))
    .filter(({ entry }) => entry.length > 0);
}

export function loadDatacenterRanges(file: string = BUNDLED_DATACENTER_CIDRS): IpRangeSet {
  const text = readFileSync(file, 'utf8');
  return buildIpRangeSet(
    listEntries(text).map(({ entry }) => entry),
    `datacenter CIDR list ${file}`,
  );
}

export interface BotDetector {
  readonly patternCount: number;
  isBot(userAgent: string | undefined): boolean;
}

export function botDetectorFromPatterns(patterns: ReadonlyArray<{ line: number; entry: string }>, origin: string): BotDetector {
  const compiled = patterns.map(({ line, entry }) => {
    try {
      return new RegExp(entry, 'i');
    } catch (error) {
      throw new Error(`${origin} line ${line}: "${entry}" is not a valid regular expression (${(error as Error).message})`);
    }
  });
  return {
    patternCount: compiled.length,
    isBot(userAgent) {
      const ua = userAgent?.trim() ?? '';
      // Every browser sends a User-Agent; its absence is itself a signature of a script.
      if (ua.length === 0) return true;
      return compiled.some((pattern) => pattern.test(ua));
    },
  };
}

export function loadBotDetector(file: string = BUNDLED_BOT_USER_AGENTS): BotDetector {
  return botDetectorFromPatterns(listEntries(readFileSync(file, 'utf8')), `bot User-Agent list ${file}`);
}
