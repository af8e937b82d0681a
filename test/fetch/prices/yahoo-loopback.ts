import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest, type ScriptedResponse } from '../../helpers/loopback-server.js';

/** Our own recordings (FX legs, an index, ISIN searches) in the corpus's wrapper format. */
export const PRICES_FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/prices/yahoo');

/** The crumb the loopback hands out once the client has its cookie. */
export const LOOPBACK_CRUMB = 'loopbackCrumb42';
const COOKIE = 'A3=d=loopback-session';

interface Recording {
  request: { url: string };
  response: { status: number; bodyJson: unknown };
}

export interface YahooLoopback {
  server: LoopbackServer;
  baseUrl: string;
  /** Requests whose path starts with `prefix` (e.g. "/v8/finance/chart/AAPL"). */
  requestsTo(prefix: string): RecordedRequest[];
  close(): Promise<void>;
}

const json = (body: unknown, status = 200): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: JSON.stringify(body),
});

function loadRecordings(dirs: readonly string[]): Recording[] {
  const out: Recording[] = [];
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      out.push(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Recording);
    }
  }
  return out;
}

function hasSession(req: RecordedRequest): boolean {
  return String(req.headers.cookie ?? '').includes(COOKIE);
}

/**
 * A loopback "Yahoo" for the real yahoo-finance2 client: recorded chart, quote and search answers
 * (corpus + our fixtures) under Yahoo's URL layout, plus the cookie and crumb steps the client goes
 * through before a quote. A quote without the cookie and crumb is refused, as Yahoo does.
 */
export async function startYahooLoopback(dirs: readonly string[]): Promise<YahooLoopback> {
  const server = await startLoopbackServer();
  const charts = new Map<string, { body: unknown; daily: boolean }>();
  const quoteItems = new Map<string, unknown>();
  const searches = new Map<string, unknown>();

  for (const recording of loadRecordings(dirs)) {
    const url = new URL(recording.request.url);
    const body = recording.response.bodyJson;
    if (url.pathname.startsWith('/v8/finance/chart/')) {
      // Several recordings of one symbol: the daily one is what a daily-bars client asks for.
      const daily = url.searchParams.get('interval') === '1d';
      const existing = charts.get(url.pathname);
      if (!existing || (!existing.daily && daily)) charts.set(url.pathname, { body, daily });
    } else if (url.pathname === '/v7/finance/quote') {
      const result = (body as { quoteResponse: { result: Array<{ symbol: string }> } }).quoteResponse.result;
      for (const item of result) quoteItems.set(item.symbol, item);
    } else if (url.pathname === '/v1/finance/search') {
      searches.set(url.searchParams.get('q') ?? '', body);
    }
  }

  server.route('/quote/AAPL', {
    status: 200,
    headers: {
      'content-type': 'text/html',
      'set-cookie': `${COOKIE}; Max-Age=31557600; Domain=.yahoo.com; Path=/; Secure; HttpOnly`,
    },
    body: '<html><body>quote page</body></html>',
  });
  server.route('/v1/test/getcrumb', (req) =>
    hasSession(req) ? { status: 200, headers: { 'content-type': 'text/plain' }, body: LOOPBACK_CRUMB } : { status: 403, body: 'no session' },
  );
  server.route('/v7/finance/quote', (req) => {
    const params = new URL(req.path, 'http://loopback').searchParams;
    if (!hasSession(req) || params.get('crumb') !== LOOPBACK_CRUMB) {
      return json({ finance: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } }, 401);
    }
    const symbols = (params.get('symbols') ?? '').split(',').filter(Boolean);
    const result = symbols.flatMap((s) => (quoteItems.has(s) ? [quoteItems.get(s)] : []));
    return json({ quoteResponse: { result, error: null } });
  });
  for (const [pathname, chart] of charts) {
    // Index symbols (^GSPC) may travel with the caret escaped or not.
    server.route(decodeURIComponent(pathname), json(chart.body));
    server.route(pathname.replace(/\^/g, '%5E'), json(chart.body));
  }
  server.route('/v1/finance/search', (req) => {
    const q = new URL(req.path, 'http://loopback').searchParams.get('q') ?? '';
    return json(
      searches.get(q) ?? { explains: [], count: 0, quotes: [], news: [], nav: [], lists: [], researchReports: [], totalTime: 1 },
    );
  });

  return {
    server,
    baseUrl: server.baseUrl,
    requestsTo: (prefix) => server.requests.filter((r) => r.path.startsWith(prefix)),
    close: () => server.close(),
  };
}

/** Yahoo's answer for a symbol it has no data for. */
export const YAHOO_CHART_NOT_FOUND: ScriptedResponse = json(
  { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } },
  404,
);
