/**
 * Every error the API returns, as factories with a stable `code`. One middleware
 * (middleware/error-envelope.ts) turns them into `{ error: { code, message, status, requestId, details? } }`.
 */
export interface ParameterProblem {
  parameter: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    // Parameter problems for 400s; other refusals (the sandbox's) may explain themselves with an object.
    readonly details?: ParameterProblem[] | Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const INVALID_KEY_MESSAGE =
  'The API key is not valid: it is malformed, unknown or revoked. Send a live key as "Authorization: Bearer sit_live_…" or "X-Api-Key: sit_live_…".';

export const errors = {
  invalidParameter(details: ParameterProblem[]): ApiError {
    const summary = details.map((d) => `${d.parameter}: ${d.message}`).join('; ');
    return new ApiError(400, 'invalid_parameter', `Invalid request parameter(s): ${summary}`, details);
  },
  missingApiKey(): ApiError {
    return new ApiError(
      401,
      'missing_api_key',
      'An API key is required: send "Authorization: Bearer sit_live_…" or "X-Api-Key: sit_live_…".',
    );
  },
  invalidApiKey(message: string = INVALID_KEY_MESSAGE): ApiError {
    return new ApiError(401, 'invalid_api_key', message);
  },
  forbidden(message: string): ApiError {
    return new ApiError(403, 'forbidden', message);
  },
  notFound(message = 'No such endpoint. See /api/v1/openapi.json for the list of routes.'): ApiError {
    return new ApiError(404, 'not_found', message);
  },
  companyNotFound(slug: string): ApiError {
    return new ApiError(404, 'company_not_found', `No company with slug "${slug}". Find slugs with /api/v1/search?q=… or /api/v1/companies?q=….`);
  },
  insiderNotFound(slug: string): ApiError {
    return new ApiError(404, 'insider_not_found', `No insider with slug "${slug}". Find slugs with /api/v1/search?q=… or /api/v1/insiders?q=….`);
  },
  declarationNotFound(id: string): ApiError {
    return new ApiError(404, 'declaration_not_found', `No declaration with id "${id}". Ids look like SEC:0001127602-25-009876 or AMF:2026DD1108988.`);
  },
  methodNotAllowed(allowed: string[]): ApiError {
    return new ApiError(405, 'method_not_allowed', `This endpoint only accepts ${allowed.join(', ')}.`, undefined, {
      Allow: allowed.join(', '),
    });
  },
  rateLimited(retryAfterSeconds: number, limit: number): ApiError {
    return new ApiError(
      429,
      'rate_limited',
      `Too many requests: this key may make ${limit} requests per second. Retry after ${retryAfterSeconds} s.`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  },
  quotaExceeded(retryAfterSeconds: number, quota: number, resetsAt: string): ApiError {
    return new ApiError(
      429,
      'quota_exceeded',
      `Daily quota of ${quota} requests used up for this account; it resets at ${resetsAt} (00:00 UTC).`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  },
  serviceUnavailable(message: string): ApiError {
    return new ApiError(503, 'service_unavailable', message);
  },
  internal(): ApiError {
    return new ApiError(500, 'internal_error', 'Something went wrong on our side. Retry with exponential back-off; if it persists, report the requestId.');
  },
};
