import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { botDetectorFromPatterns, listEntries, loadBotDetector, loadDatacenterRanges } from '../../../src/sandbox/lists.js';

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 9; CUBOT X20 PRO) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];

const BOTS = [
  'curl/8.5.0',
  'Wget/1.21.4',
  'python-requests/2.32.3',
  'Python-urllib/3.12',
  'Go-http-client/2.0',
  'okhttp/4.12.0',
  'Java/17.0.2',
  'Apache-HttpClient/4.5.14 (Java/17.0.9)',
  'axios/1.7.7',
  'node',
  'Scrapy/2.11.2 (+https://scrapy.org)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.6',
  'MyCompanyCrawler/1.0',
  'PostmanRuntime/7.42.0',
];

describe('bot User-Agent list', () => {
  const detector = loadBotDetector();

  it('flags HTTP tools, headless browsers and crawlers', () => {
    expect(detector.patternCount).toBeGreaterThan(50);
    for (const ua of BOTS) expect(detector.isBot(ua), ua).toBe(true);
  });

  it('does not flag real browsers', () => {
    for (const ua of BROWSERS) expect(detector.isBot(ua), ua).toBe(false);
  });

  it('treats a missing or blank User-Agent as a bot', () => {
    expect(detector.isBot(undefined)).toBe(true);
    expect(detector.isBot('   ')).toBe(true);
  });

  it('reports a bad pattern with its line', () => {
    expect(() => botDetectorFromPatterns([{ line: 4, entry: '(unclosed' }], 'list.txt')).toThrow(/list.txt line 4/);
  });
});

describe('datacenter CIDR list', () => {
  const ranges = loadDatacenterRanges();

  it('covers the big clouds and hosting providers', () => {
    expect(ranges.size).toBeGreaterThan(150);
    for (const ip of ['3.120.10.1', '52.95.110.1', '35.190.0.1', '34.120.1.1', '20.50.2.3', '104.131.7.7', '5.9.10.10', '51.15.1.1', '2600:1f18::1', '2a01:4f8:c0c:1::1']) {
      expect(ranges.contains(ip), ip).toBe(true);
    }
  });

  it('leaves residential, mobile and public-resolver addresses alone', () => {
    for (const ip of ['81.2.69.142', '86.245.1.1', '24.5.6.7', '98.207.1.1', '8.8.8.8', '1.1.1.1', '127.0.0.1', '2a02:8440::1']) {
      expect(ranges.contains(ip), ip).toBe(false);
    }
  });

  it('can be replaced by an operator file, and a malformed one fails at load', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sigma-dc-'));
    const good = path.join(dir, 'good.txt');
    writeFileSync(good, '# mine\n192.0.2.0/24  # test net\n\n2001:db8::/32\n');
    const custom = loadDatacenterRanges(good);
    expect(custom.size).toBe(2);
    expect(custom.contains('192.0.2.77')).toBe(true);
    expect(custom.contains('3.120.10.1')).toBe(false);
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, '192.0.2.0/24\n300.1.1.1\n');
    expect(() => loadDatacenterRanges(bad)).toThrow(/bad\.txt.*"300\.1\.1\.1"/);
  });

  it('strips comments and blank lines', () => {
    expect(listEntries('# a\n\n x  # b\ny\n')).toEqual([
      { line: 3, entry: 'x' },
      { line: 4, entry: 'y' },
    ]);
  });
});
