// Sigma playground: request a challenge, solve it in a worker, call the sandbox, render the answer.
// No framework and no third-party code: the page must load fast and work offline from the server.
'use strict';

const SANDBOX = '/api/v1/sandbox';
const ENDPOINTS = {
  declarations: { title: 'Latest declarations', path: () => '/declarations?limit=10' },
  signals: { title: 'Top signals', path: () => '/signals?limit=10' },
  flow: {
    title: "A company's flow",
    path: (slug) => `/companies/${encodeURIComponent(slug)}/flow`,
    needsCompany: true,
    // The month buckets' columns worth a glance; anything else the API returns stays in the JSON.
    columns: [
      ['period', 'Period'],
      ['buyAmountEur', 'Bought (EUR)'],
      ['sellAmountEur', 'Sold (EUR)'],
      ['netAmountEur', 'Net (EUR)'],
      ['buyCount', 'Buys'],
      ['sellCount', 'Sells'],
      ['insiders', 'Insiders'],
      ['rolling90dNetEur', 'Rolling 90-day net (EUR)'],
    ],
  },
};

const $ = (id) => document.getElementById(id);
const els = {
  form: $('call-form'),
  run: $('run'),
  companyField: $('company-field'),
  company: $('company-slug'),
  suggestions: $('company-suggestions'),
  quota: $('quota'),
  status: $('status'),
  progress: $('pow-progress'),
  error: $('error'),
  curl: $('curl'),
  copyCurl: $('copy-curl'),
  results: $('results'),
  resultsTitle: $('results-title'),
  resultsSummary: $('results-summary'),
  caption: $('results-caption'),
  table: $('results-table'),
  watermark: $('watermark'),
  score: $('score'),
  scoreTitle: $('score-title'),
  scoreSummary: $('score-summary'),
  chart: $('factor-chart'),
};

let busy = false;
let worker = null;

// ---------------------------------------------------------------------------------------------
// Formatting

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
function formatAmount(amount, currency) {
  if (typeof amount !== 'number') return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${numberFormat.format(amount)} ${currency || ''}`.trim();
  }
}
function formatValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return numberFormat.format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return value.name || value.slug || value.id || JSON.stringify(value).slice(0, 60);
  return String(value);
}
function humanize(key) {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Status, errors, quota, curl

function setStatus(text) {
  els.status.textContent = text;
}
function showError(message) {
  els.error.textContent = message;
  els.error.hidden = false;
}
function clearError() {
  els.error.hidden = true;
  els.error.textContent = '';
}
function showQuota(remaining, limit) {
  if (remaining === null || limit === null) return;
  els.quota.textContent = `${remaining} of ${limit} sandbox calls left in the last 24 hours`;
}
function curlFor(path) {
  return `curl -H "Authorization: Bearer $SIGMA_API_KEY" "${location.origin}/api/v1${path}"`;
}
function selectedEndpoint() {
  const key = els.form.elements.endpoint.value;
  return { key, ...ENDPOINTS[key] };
}
function currentPath() {
  const endpoint = selectedEndpoint();
  const slug = els.company.value.trim() || 'COMPANY-SLUG';
  return endpoint.path(slug);
}
function refreshForm() {
  els.companyField.hidden = !selectedEndpoint().needsCompany;
  els.curl.textContent = curlFor(currentPath());
}

// ---------------------------------------------------------------------------------------------
// Proof of work and sandbox calls

class SandboxRefusal extends Error {
  constructor(error, status) {
    super(error.message);
    this.code = error.code;
    this.status = status;
  }
}

async function readJson(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new SandboxRefusal({ code: 'bad_response', message: `The server answered ${response.status} with something that is not JSON.` }, response.status);
  }
}

function solve(challenge, difficulty) {
  worker = worker || new Worker('/playground/pow-worker.js');
  const expected = 2 ** difficulty;
  els.progress.hidden = false;
  els.progress.value = 0;
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'progress') {
        // Chance that a solution would have turned up by now: a fair "how far along" for a lottery.
        els.progress.value = 1 - Math.exp(-message.hashes / expected);
        setStatus(`Solving a ${difficulty}-bit proof of work… ${message.hashes.toLocaleString()} hashes tried (about ${expected.toLocaleString()} expected).`);
      } else if (message.type === 'solved') {
        els.progress.value = 1;
        resolve(message);
      } else {
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the proof-of-work worker failed'));
    worker.postMessage({ challenge, difficulty });
  });
}

let turnstileLoading = null;
function captchaToken(captcha) {
  if (!captcha) return Promise.resolve(null);
  if (captcha.provider !== 'turnstile' || !captcha.siteKey) {
    return Promise.reject(new Error(`This server requires a ${captcha.provider} captcha the playground cannot show.`));
  }
  turnstileLoading = turnstileLoading || new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
    script.onload = resolve;
    script.onerror = () => reject(new Error('The captcha could not be loaded.'));
    document.head.append(script);
  });
  return turnstileLoading.then(() => new Promise((resolve, reject) => {
    let box = document.getElementById('captcha');
    if (!box) {
      box = document.createElement('div');
      box.id = 'captcha';
      els.status.after(box);
    }
    box.replaceChildren();
    setStatus('Please complete the captcha: from the sixth call of the day the sandbox asks for one.');
    window.turnstile.render(box, {
      sitekey: captcha.siteKey,
      callback: (token) => resolve(token),
      'error-callback': () => reject(new Error('The captcha failed; try again.')),
    });
  }));
}

/** One sandbox call: fresh challenge → solved in the worker → GET with the proof headers. */
async function sandboxGet(path) {
  setStatus('Requesting a challenge…');
  const challengeResponse = await fetch(`${SANDBOX}/challenge`, { method: 'POST', headers: { Accept: 'application/json' } });
  const offer = await readJson(challengeResponse);
  if (!challengeResponse.ok) throw new SandboxRefusal(offer.error, challengeResponse.status);
  showQuota(offer.quota.remaining, offer.quota.limit);

  const token = await captchaToken(offer.captcha);
  const solution = await solve(offer.challenge, offer.difficulty);
  const seconds = (solution.elapsedMs / 1000).toFixed(2);
  setStatus(`Proof of work solved in ${seconds} s (${solution.hashes.toLocaleString()} hashes). Calling ${SANDBOX}${path}…`);

  const headers = {
    Accept: 'application/json',
    'X-Sandbox-POW-Challenge': offer.challenge,
    'X-Sandbox-POW-Solution': solution.nonce,
  };
  if (token) headers['X-Sandbox-Captcha-Token'] = token;
  const started = performance.now();
  const response = await fetch(`${SANDBOX}${path}`, { headers });
  const body = await readJson(response);
  const remaining = response.headers.get('X-RateLimit-Remaining');
  const limit = response.headers.get('X-RateLimit-Limit');
  if (remaining !== null && limit !== null) showQuota(Number(remaining), Number(limit));
  if (!response.ok) throw new SandboxRefusal(body.error, response.status);
  return { body, powSeconds: seconds, callMs: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function cell(row, content, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  row.append(td);
}
function headerRow(labels, numeric = []) {
  const tr = document.createElement('tr');
  labels.forEach((label, i) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    if (numeric[i]) th.className = 'num';
    tr.append(th);
  });
  return tr;
}

function looksLikeDeclarations(rows) {
  return rows.length > 0 && rows.every((r) => r && typeof r.id === 'string' && r.company && typeof r.company === 'object');
}

function renderDeclarations(rows) {
  const thead = els.table.tHead;
  const tbody = els.table.tBodies[0];
  thead.replaceChildren(
    headerRow(['Published', 'Company', 'Insider', 'Role', 'Direction', 'Amount', 'Score', 'Audit'], [0, 0, 0, 0, 0, 1, 1, 0]),
  );
  tbody.replaceChildren();
  const slugs = new Set();
  for (const d of rows) {
    const tr = document.createElement('tr');
    cell(tr, formatValue(d.pubDate));
    cell(tr, d.company.name || d.company.slug || '—');
    cell(tr, (d.insider && d.insider.name) || '—');
    cell(tr, (d.insider && (d.insider.role || d.insider.roleRaw)) || '—');
    cell(tr, d.direction || '—');
    const t = d.transaction || {};
    cell(tr, formatAmount(t.totalAmount, t.currency), 'num');
    cell(tr, d.signal && typeof d.signal.score === 'number' ? numberFormat.format(d.signal.score) : '—', 'num');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary score-button';
    button.textContent = 'Score';
    button.dataset.id = d.id;
    button.setAttribute('aria-label', `Score audit of ${d.company.name || d.id} declaration ${d.id}`);
    button.addEventListener('click', () => showScore(d));
    cell(tr, button);
    tbody.append(tr);
    if (d.company.slug) slugs.add(d.company.slug);
  }
  // Offer the companies just seen for the flow call.
  for (const slug of slugs) {
    if (![...els.suggestions.options].some((o) => o.value === slug)) {
      const option = document.createElement('option');
      option.value = slug;
      els.suggestions.append(option);
    }
  }
  if (!els.company.value && slugs.size > 0) els.company.value = [...slugs][0];
}

function renderGeneric(rows, preferred) {
  let columns = [];
  let labels = [];
  const present = (key) => rows.some((row) => row && key in row);
  if (preferred && preferred.some(([key]) => present(key))) {
    const chosen = preferred.filter(([key]) => present(key));
    columns = chosen.map(([key]) => key);
    labels = chosen.map(([, label]) => label);
  } else {
    for (const row of rows.slice(0, 5)) {
      for (const key of Object.keys(row || {})) if (!columns.includes(key) && columns.length < 8) columns.push(key);
    }
    labels = columns.map(humanize);
  }
  const numeric = columns.map((key) => rows.length > 0 && rows.every((row) => row == null || row[key] == null || typeof row[key] === 'number'));
  els.table.tHead.replaceChildren(headerRow(labels, numeric));
  const tbody = els.table.tBodies[0];
  tbody.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const key of columns) cell(tr, formatValue(row ? row[key] : null), typeof row?.[key] === 'number' ? 'num' : '');
    tbody.append(tr);
  }
}

/** The rows of an answer: `items` for listings, else its first array of objects (e.g. flow buckets). */
function rowsOf(body) {
  if (Array.isArray(body.items)) return { name: 'items', rows: body.items };
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) return { name, rows: value };
  }
  return { name: 'answer', rows: [Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'meta'))] };
}

function renderResults(endpoint, path, result) {
  const title = endpoint.title;
  const { name, rows } = rowsOf(result.body);
  els.caption.textContent = `${title}: GET /api/v1/sandbox${path}`;
  if (looksLikeDeclarations(rows)) renderDeclarations(rows);
  else renderGeneric(rows, endpoint.columns);
  const total = typeof result.body.total === 'number' ? ` of ${result.body.total.toLocaleString()}` : '';
  els.resultsSummary.textContent = rows.length === 0
    ? 'No rows yet: the server has not ingested anything for this call.'
    : `${rows.length}${total} row${rows.length === 1 && !total ? '' : 's'}${name === 'items' ? '' : ` (${name})`}; proof of work ${result.powSeconds} s, call ${result.callMs} ms.`;
  const watermark = result.body.meta && result.body.meta.watermark;
  els.watermark.textContent = watermark ? `Watermark of this response: ${watermark}` : '';
  els.results.hidden = false;
  els.resultsTitle.focus();
}

function renderFactors(declaration, body) {
  const factors = Array.isArray(body.factors) ? body.factors : [];
  const company = (declaration.company && declaration.company.name) || declaration.id;
  const total = typeof body.score === 'number' ? body.score : typeof body.total === 'number' ? body.total : null;
  els.scoreSummary.textContent = `${company}, declaration ${declaration.id}: ` +
    (total === null ? 'not scored' : `score ${numberFormat.format(total)} / 100`) +
    (body.version ? ` (score version ${body.version})` : '') + `, ${factors.length} factors.`;
  els.chart.replaceChildren();
  for (const f of factors) {
    const li = document.createElement('li');
    li.className = 'factor';
    li.dataset.key = f.key;
    const label = document.createElement('span');
    label.className = 'factor-label';
    label.id = `factor-${f.key}`;
    label.textContent = f.label;
    const track = document.createElement('div');
    track.className = 'factor-track';
    track.setAttribute('role', 'img');
    const cap = typeof f.cap === 'number' && f.cap !== 0 ? Math.abs(f.cap) : 1;
    const share = Math.min(1, Math.abs(Number(f.points) || 0) / cap);
    track.setAttribute('aria-label', `${f.label}: ${formatValue(f.points)} of ${formatValue(f.cap)} points`);
    const bar = document.createElement('div');
    bar.className = f.points < 0 ? 'factor-bar negative' : 'factor-bar';
    bar.style.width = `${(share * 100).toFixed(1)}%`;
    track.append(bar);
    const points = document.createElement('span');
    points.className = 'factor-points';
    points.textContent = `${formatValue(f.points)} / ${formatValue(f.cap)}`;
    const rationale = document.createElement('p');
    rationale.className = 'factor-rationale';
    rationale.textContent = `Value: ${formatValue(f.value)}. ${f.rationale || ''}`;
    li.append(label, track, points, rationale);
    els.chart.append(li);
  }
  els.score.hidden = false;
  els.scoreTitle.focus();
}

// ---------------------------------------------------------------------------------------------
// Actions

async function guarded(action) {
  if (busy) return;
  busy = true;
  els.run.disabled = true;
  document.querySelectorAll('.score-button').forEach((b) => { b.disabled = true; });
  clearError();
  try {
    await action();
  } catch (error) {
    const code = error.code ? ` (${error.code})` : '';
    showError(`${error.message}${code}`);
    setStatus('The call did not go through.');
  } finally {
    els.progress.hidden = true;
    busy = false;
    els.run.disabled = false;
    document.querySelectorAll('.score-button').forEach((b) => { b.disabled = false; });
  }
}

function runSelected() {
  return guarded(async () => {
    const endpoint = selectedEndpoint();
    if (endpoint.needsCompany && !els.company.value.trim()) {
      els.company.focus();
      throw new Error('Enter a company slug first (list the latest declarations to get suggestions).');
    }
    const path = currentPath();
    els.curl.textContent = curlFor(path);
    const result = await sandboxGet(path);
    renderResults(endpoint, path, result);
    setStatus(`Done: ${endpoint.title.toLowerCase()} in ${result.callMs} ms after a ${result.powSeconds} s proof of work.`);
  });
}

function showScore(declaration) {
  return guarded(async () => {
    // ':' is fine in a path and keeps ids readable in the curl line (SEC:0001…).
    const path = `/declarations/${encodeURIComponent(declaration.id).replace(/%3A/gi, ':')}/score`;
    els.curl.textContent = curlFor(path);
    const result = await sandboxGet(path);
    renderFactors(declaration, result.body);
    setStatus(`Score audit loaded in ${result.callMs} ms after a ${result.powSeconds} s proof of work.`);
  });
}

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  runSelected();
});
els.form.addEventListener('change', refreshForm);
els.company.addEventListener('input', refreshForm);
els.copyCurl.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(els.curl.textContent);
    setStatus('Command copied.');
  } catch {
    const range = document.createRange();
    range.selectNodeContents(els.curl);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    setStatus('Select-all done: press Ctrl+C (⌘C) to copy.');
  }
});
refreshForm();
