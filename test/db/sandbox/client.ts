import { solveChallenge } from '../../../src/sandbox/challenge.js';

export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let uaCounter = 0;
/** A distinct real-browser User-Agent, so each test gets its own fingerprint (and own caps). */
export function freshBrowserUa(): string {
  uaCounter += 1;
  return `${BROWSER_UA} Tester/${uaCounter}`;
}

export interface ClientIdentity {
  ua: string;
  forwardedFor?: string;
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string; status: number; requestId: string; details?: unknown };
}

export interface Offer {
  challenge: string;
  difficulty: number;
  expiresAt: string;
  algorithm: string;
  quota: { limit: number; used: number; remaining: number; resetAt: string | null };
  captcha: { provider: string; siteKey: string | null } | null;
  meta: { requestId: string; latencyMs: number; dataFreshness: Record<string, string | null>; watermark: string };
}

function identityHeaders(who: ClientIdentity): Record<string, string> {
  return { 'User-Agent': who.ua, ...(who.forwardedFor ? { 'X-Forwarded-For': who.forwardedFor } : {}) };
}

async function asJson<T>(response: Response): Promise<JsonResponse<T>> {
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export async function requestChallenge(base: string, who: ClientIdentity): Promise<JsonResponse<Offer & ErrorBody>> {
  return asJson(await fetch(`${base}/api/v1/sandbox/challenge`, { method: 'POST', headers: identityHeaders(who) }));
}

export async function offer(base: string, who: ClientIdentity): Promise<Offer> {
  const response = await requestChallenge(base, who);
  if (response.status !== 200) throw new Error(`challenge refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function sandboxGet<T = Record<string, unknown>>(
  base: string,
  path: string,
  who: ClientIdentity,
  proof?: { challenge?: string; solution?: string; captchaToken?: string },
): Promise<JsonResponse<T & ErrorBody>> {
  const headers: Record<string, string> = identityHeaders(who);
  if (proof?.challenge !== undefined) headers['X-Sandbox-POW-Challenge'] = proof.challenge;
  if (proof?.solution !== undefined) headers['X-Sandbox-POW-Solution'] = proof.solution;
  if (proof?.captchaToken !== undefined) headers['X-Sandbox-Captcha-Token'] = proof.captchaToken;
  return asJson(await fetch(`${base}/api/v1/sandbox${path}`, { headers }));
}

/** A challenge with its solution, ready to spend. */
export async function solvedProof(base: string, who: ClientIdentity): Promise<{ challenge: string; solution: string; offer: Offer }> {
  const o = await offer(base, who);
  return { challenge: o.challenge, solution: solveChallenge(o.challenge, o.difficulty), offer: o };
}

/** Challenge → solve → call, as the playground does. */
export async function solvedGet<T = Record<string, unknown>>(
  base: string,
  path: string,
  who: ClientIdentity,
): Promise<JsonResponse<T & ErrorBody>> {
  const proof = await solvedProof(base, who);
  return sandboxGet<T>(base, path, who, proof);
}
