import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's packaged Chromium: no browser download, ever (no machine here reaches the internet). */
export const CHROMIUM_PATH = process.env.SIGMA_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let warned = false;
/**
 * True when Chromium is installed; otherwise prints one loud line and returns false, so browser
 * suites use `describe.runIf(hasChromium())` and `npm test` passes on a fresh machine.
 */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (!warned) {
    warned = true;
    console.warn(
      `\n!!! CHROMIUM MISSING: ${CHROMIUM_PATH} not found; browser end-to-end tests are SKIPPED (apt-get install -y chromium) !!!\n`,
    );
  }
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
