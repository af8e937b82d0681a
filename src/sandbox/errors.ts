import { ApiError, type ParameterProblem } from '../api/errors.js';

/**
 * Every way the sandbox can say no, each with its own stable code and a message that tells the
 * caller what to do next. Rendered in the API's error envelope
 * `{ error: { code, message, status, requestId, details? } }` by the API's error middleware.
 */
export class SandboxError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    details?: ParameterProblem[] | Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super(status, code, message, details, headers);
    this.name = 'SandboxError';
  }
}

/**
 * Every code the sandbox refuses with and its status: the factories below take their status from
 * here, and the OpenAPI document lists, per sandbox operation, the codes marked for it
 * (`challenge`: POST /challenge; `read`: the sandboxed read routes). `not_found` and
 * `sandbox_route_not_available` answer paths that are not sandbox operations.
 */
export const SANDBOX_REFUSALS = {
  invalid_parameter: { status: 400, challenge: true, read: true },
  sandbox_challenge_malformed: { status: 400, challenge: false, read: true },
  sandbox_solution_malformed: { status: 400, challenge: false, read: true },
  sandbox_proof_missing: { status: 401, challenge: false, read: true },
  sandbox_challenge_signature_invalid: { status: 403, challenge: false, read: true },
  sandbox_challenge_expired: { status: 403, challenge: false, read: true },
  sandbox_fingerprint_mismatch: { status: 403, challenge: false, read: true },
  sandbox_solution_incorrect: { status: 403, challenge: false, read: true },
  sandbox_challenge_replayed: { status: 403, challenge: false, read: true },
  sandbox_harder_challenge_required: { status: 403, challenge: false, read: true },
  sandbox_captcha_required: { status: 403, challenge: false, read: true },
  sandbox_captcha_failed: { status: 403, challenge: false, read: true },
  sandbox_datacenter_ip_denied: { status: 403, challenge: true, read: true },
  sandbox_client_ip_unknown: { status: 403, challenge: true, read: true },
  sandbox_route_not_available: { status: 403, challenge: false, read: false },
  sandbox_disabled: { status: 404, challenge: true, read: true },
  not_found: { status: 404, challenge: false, read: false },
  sandbox_daily_cap_reached: { status: 429, challenge: true, read: true },
  sandbox_bot_cap_reached: { status: 429, challenge: true, read: true },
  sandbox_address_cap_reached: { status: 429, challenge: true, read: true },
} as const satisfies Record<string, { status: number; challenge: boolean; read: boolean }>;

export type SandboxRefusalCode = keyof typeof SANDBOX_REFUSALS;

function refusal(
  code: SandboxRefusalCode,
  message: string,
  details?: ParameterProblem[] | Record<string, unknown>,
  headers?: Record<string, string>,
): SandboxError {
  return new SandboxError(SANDBOX_REFUSALS[code].status, code, message, details, headers);
}

const NEW_CHALLENGE = 'Request a new one with POST /api/v1/sandbox/challenge, solve it, and retry.';

/** A cap refusal says when to come back, in both the standard and the API's own headers. */
function capHeaders(cap: number, retryAt: Date, now: Date): Record<string, string> {
  return {
    'Retry-After': String(Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000))),
    'X-RateLimit-Limit': String(cap),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': retryAt.toISOString(),
  };
}

export const sandboxErrors = {
  disabled: () =>
    refusal(
      'sandbox_disabled',
      'The anonymous sandbox is turned off on this server; ask its operator for an API key.',
    ),

  routeNotAvailable: (path: string) =>
    refusal(
      'sandbox_route_not_available',
      `${path} is not served by the anonymous sandbox (bulk export, MCP, webhooks and account routes need an API key). ` +
        'Call it under /api/v1 with "Authorization: Bearer <your key>".',
    ),

  unknownRoute: (path: string) =>
    refusal(
      'not_found',
      `No sandbox route matches ${path}. The sandbox serves the read routes of /api/v1 under /api/v1/sandbox, e.g. /api/v1/sandbox/declarations?limit=5.`,
    ),

  proofMissing: (missing: string[]) =>
    refusal(
      'sandbox_proof_missing',
      `Missing ${missing.join(' and ')}. Get a challenge with POST /api/v1/sandbox/challenge, find a nonce such that ` +
        "sha256(challenge + ':' + nonce) starts with `difficulty` zero bits, and send the challenge in " +
        'X-Sandbox-POW-Challenge and the nonce in X-Sandbox-POW-Solution.',
      { missing },
    ),

  challengeMalformed: () =>
    refusal(
      'sandbox_challenge_malformed',
      `X-Sandbox-POW-Challenge must be the exact "challenge" string returned by POST /api/v1/sandbox/challenge. ${NEW_CHALLENGE}`,
    ),

  solutionMalformed: () =>
    refusal(
      'sandbox_solution_malformed',
      'X-Sandbox-POW-Solution must be the nonce you found: 1 to 64 characters among A-Z a-z 0-9 . _ - (a decimal counter works).',
    ),

  signatureInvalid: () =>
    refusal(
      'sandbox_challenge_signature_invalid',
      `The challenge's signature does not verify: it was altered or was not issued by this server. ${NEW_CHALLENGE}`,
    ),

  challengeExpired: (expiredAt: Date) =>
    refusal(
      'sandbox_challenge_expired',
      `The challenge expired at ${expiredAt.toISOString()} (challenges live 10 minutes by default). ${NEW_CHALLENGE}`,
      { expiredAt: expiredAt.toISOString() },
    ),

  fingerprintMismatch: () =>
    refusal(
      'sandbox_fingerprint_mismatch',
      'The challenge was issued to another client (IP address and User-Agent must match the ones that requested it). ' +
        'Request the challenge with POST /api/v1/sandbox/challenge from the same client that makes the call, solve it, and retry.',
    ),

  solutionIncorrect: (difficulty: number) =>
    refusal(
      'sandbox_solution_incorrect',
      `sha256(challenge + ':' + nonce) does not start with ${difficulty} zero bits. Keep searching nonces ` +
        '(hash the exact challenge string, a colon and the nonce as UTF-8, compare the hex digest) and retry with the one that works.',
      { difficulty },
    ),

  challengeReplayed: () =>
    refusal(
      'sandbox_challenge_replayed',
      `This solved challenge was already used; each one is good for exactly one call. ${NEW_CHALLENGE}`,
    ),

  harderChallengeRequired: (callNumber: number, required: number, given: number) =>
    refusal(
      'sandbox_harder_challenge_required',
      `Call ${callNumber} of your 24-hour window needs a ${required}-bit challenge; this one is ${given}-bit. ` +
        'POST /api/v1/sandbox/challenge again: it now issues the harder difficulty.',
      { callNumber, requiredDifficulty: required, challengeDifficulty: given },
    ),

  captchaRequired: (callNumber: number) =>
    refusal(
      'sandbox_captcha_required',
      `From call ${callNumber} of your 24-hour window the sandbox also needs a captcha: solve the one described in the ` +
        '"captcha" field of POST /api/v1/sandbox/challenge and send its token in X-Sandbox-Captcha-Token.',
      { callNumber },
    ),

  captchaFailed: (reasons: string[]) =>
    refusal(
      'sandbox_captcha_failed',
      'The captcha token was refused by the captcha provider (expired, reused or invalid). Solve a new captcha and retry.',
      { reasons },
    ),

  dailyCapReached: (cap: number, retryAt: Date, now: Date) =>
    refusal(
      'sandbox_daily_cap_reached',
      `The sandbox allows ${cap} calls per client in any 24 hours and you have used them. The next call frees up at ` +
        `${retryAt.toISOString()}; for more, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  botCapReached: (cap: number, retryAt: Date, now: Date) =>
    refusal(
      'sandbox_bot_cap_reached',
      `Your User-Agent identifies an automated client (curl, HTTP library, headless browser or crawler), which gets ${cap} ` +
        `sandbox calls per 24 hours. The next call frees up at ${retryAt.toISOString()}; for scripts, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  addressCapReached: (cap: number, retryAt: Date, now: Date) =>
    refusal(
      'sandbox_address_cap_reached',
      `Your network address has made ${cap} sandbox calls in the last 24 hours, counting every browser and User-Agent ` +
        `behind it. The next call frees up at ${retryAt.toISOString()}; for more, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  datacenterDenied: () =>
    refusal(
      'sandbox_datacenter_ip_denied',
      'Your address belongs to a datacenter or cloud provider, and the anonymous sandbox serves people, not servers. ' +
        'Try from a home, office or mobile connection, or use an API key from your server.',
    ),

  loopbackDenied: () =>
    refusal(
      'sandbox_client_ip_unknown',
      'The server sees this call coming from a loopback address, so it cannot tell clients apart: the operator must list ' +
        'the reverse proxy in SIGMA_TRUSTED_PROXIES (or set SIGMA_SANDBOX_ALLOW_LOOPBACK=true for local development).',
    ),

  listingLimitTooHigh: (limit: number, max: number) =>
    refusal(
      'invalid_parameter',
      `limit=${limit} is above the sandbox maximum of ${max} items per call; use limit=${max} or less (an API key allows up to 200).`,
      [{ parameter: 'limit', message: `must be between 1 and ${max} in the sandbox (an API key allows more)` }],
    ),
} as const;
