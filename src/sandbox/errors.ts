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
    new SandboxError(404, 'sandbox_disabled', 'The anonymous sandbox is turned off on this server; ask its operator for an API key.'),

  routeNotAvailable: (path: string) =>
    new SandboxError(
      403,
      'sandbox_route_not_available',
      `${path} is not served by the anonymous sandbox (bulk export, MCP, webhooks and account routes need an API key). ` +
        'Call it under /api/v1 with "Authorization: Bearer <your key>".',
    ),

  unknownRoute: (path: string) =>
    new SandboxError(
      404,
      'not_found',
      `No sandbox route matches ${path}. The sandbox serves the read routes of /api/v1 under /api/v1/sandbox, e.g. /api/v1/sandbox/declarations?limit=5.`,
    ),

  proofMissing: (missing: string[]) =>
    new SandboxError(
      401,
      'sandbox_proof_missing',
      `Missing ${missing.join(' and ')}. Get a challenge with POST /api/v1/sandbox/challenge, find a nonce such that ` +
        "sha256(challenge + ':' + nonce) starts with `difficulty` zero bits, and send the challenge in " +
        'X-Sandbox-POW-Challenge and the nonce in X-Sandbox-POW-Solution.',
      { missing },
    ),

  challengeMalformed: () =>
    new SandboxError(
      400,
      'sandbox_challenge_malformed',
      `X-Sandbox-POW-Challenge must be the exact "challenge" string returned by POST /api/v1/sandbox/challenge. ${NEW_CHALLENGE}`,
    ),

  solutionMalformed: () =>
    new SandboxError(
      400,
      'sandbox_solution_malformed',
      'X-Sandbox-POW-Solution must be the nonce you found: 1 to 64 characters among A-Z a-z 0-9 . _ - (a decimal counter works).',
    ),

  signatureInvalid: () =>
    new SandboxError(
      403,
      'sandbox_challenge_signature_invalid',
      `The challenge's signature does not verify: it was altered or was not issued by this server. ${NEW_CHALLENGE}`,
    ),

  challengeExpired: (expiredAt: Date) =>
    new SandboxError(
      403,
      'sandbox_challenge_expired',
      `The challenge expired at ${expiredAt.toISOString()} (challenges live 10 minutes by default). ${NEW_CHALLENGE}`,
      { expiredAt: expiredAt.toISOString() },
    ),

  fingerprintMismatch: () =>
    new SandboxError(
      403,
      'sandbox_fingerprint_mismatch',
      'The challenge was issued to another client (IP address and User-Agent must match the ones that requested it). ' +
        'Request the challenge with POST /api/v1/sandbox/challenge from the same client that makes the call, solve it, and retry.',
    ),

  solutionIncorrect: (difficulty: number) =>
    new SandboxError(
      403,
      'sandbox_solution_incorrect',
      `sha256(challenge + ':' + nonce) does not start with ${difficulty} zero bits. Keep searching nonces ` +
        '(hash the exact challenge string, a colon and the nonce as UTF-8, compare the hex digest) and retry with the one that works.',
      { difficulty },
    ),

  challengeReplayed: () =>
    new SandboxError(
      403,
      'sandbox_challenge_replayed',
      `This solved challenge was already used; each one is good for exactly one call. ${NEW_CHALLENGE}`,
    ),

  harderChallengeRequired: (callNumber: number, required: number, given: number) =>
    new SandboxError(
      403,
      'sandbox_harder_challenge_required',
      `Call ${callNumber} of your 24-hour window needs a ${required}-bit challenge; this one is ${given}-bit. ` +
        'POST /api/v1/sandbox/challenge again: it now issues the harder difficulty.',
      { callNumber, requiredDifficulty: required, challengeDifficulty: given },
    ),

  captchaRequired: (callNumber: number) =>
    new SandboxError(
      403,
      'sandbox_captcha_required',
      `From call ${callNumber} of your 24-hour window the sandbox also needs a captcha: solve the one described in the ` +
        '"captcha" field of POST /api/v1/sandbox/challenge and send its token in X-Sandbox-Captcha-Token.',
      { callNumber },
    ),

  captchaFailed: (reasons: string[]) =>
    new SandboxError(
      403,
      'sandbox_captcha_failed',
      'The captcha token was refused by the captcha provider (expired, reused or invalid). Solve a new captcha and retry.',
      { reasons },
    ),

  dailyCapReached: (cap: number, retryAt: Date, now: Date) =>
    new SandboxError(
      429,
      'sandbox_daily_cap_reached',
      `The sandbox allows ${cap} calls per client in any 24 hours and you have used them. The next call frees up at ` +
        `${retryAt.toISOString()}; for more, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  botCapReached: (cap: number, retryAt: Date, now: Date) =>
    new SandboxError(
      429,
      'sandbox_bot_cap_reached',
      `Your User-Agent identifies an automated client (curl, HTTP library, headless browser or crawler), which gets ${cap} ` +
        `sandbox calls per 24 hours. The next call frees up at ${retryAt.toISOString()}; for scripts, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  addressCapReached: (cap: number, retryAt: Date, now: Date) =>
    new SandboxError(
      429,
      'sandbox_address_cap_reached',
      `Your network address has made ${cap} sandbox calls in the last 24 hours, counting every browser and User-Agent ` +
        `behind it. The next call frees up at ${retryAt.toISOString()}; for more, get an API key.`,
      { cap, retryAt: retryAt.toISOString() },
      capHeaders(cap, retryAt, now),
    ),

  datacenterDenied: () =>
    new SandboxError(
      403,
      'sandbox_datacenter_ip_denied',
      'Your address belongs to a datacenter or cloud provider, and the anonymous sandbox serves people, not servers. ' +
        'Try from a home, office or mobile connection, or use an API key from your server.',
    ),

  loopbackDenied: () =>
    new SandboxError(
      403,
      'sandbox_client_ip_unknown',
      'The server sees this call coming from a loopback address, so it cannot tell clients apart: the operator must list ' +
        'the reverse proxy in SIGMA_TRUSTED_PROXIES (or set SIGMA_SANDBOX_ALLOW_LOOPBACK=true for local development).',
    ),

  listingLimitTooHigh: (limit: number, max: number) =>
    new SandboxError(
      400,
      'invalid_parameter',
      `limit=${limit} is above the sandbox maximum of ${max} items per call; use limit=${max} or less (an API key allows up to 200).`,
      [{ parameter: 'limit', message: `must be between 1 and ${max} in the sandbox (an API key allows more)` }],
    ),
} as const;
