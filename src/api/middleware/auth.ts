import type Koa from 'koa';
import type { AdmissionQueue } from '../../auth/admit.js';
import { isWellFormedApiKey } from '../../auth/keys.js';
import { errors } from '../errors.js';
import type { ApiState } from '../types.js';

/** The key from `Authorization: Bearer …` and/or `X-Api-Key`; both present must agree. */
export function presentedKey(authorization: string, apiKeyHeader: string): string | null {
  let bearer: string | null = null;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw errors.invalidApiKey('The Authorization header must be "Bearer sit_live_…".');
    bearer = match[1]!;
  }
  const header = apiKeyHeader.trim() || null;
  if (bearer && header && bearer !== header) {
    throw errors.invalidApiKey('Authorization and X-Api-Key carry different keys; send one key, or the same key in both.');
  }
  return bearer ?? header;
}

/**
 * Checks the key and counts the request in the same database round trip (the process's
 * AdmissionQueue, which counts requests arriving together in one call); the rate-limit middleware
 * that follows reads the verdict. Malformed keys never reach the database. Unknown, revoked and
 * malformed keys get the same message.
 */
export function authenticate(admissions: AdmissionQueue): Koa.Middleware<ApiState> {
  return async (ctx, next) => {
    const key = presentedKey(ctx.get('Authorization'), ctx.get('X-Api-Key'));
    if (key === null) throw errors.missingApiKey();
    if (!isWellFormedApiKey(key)) throw errors.invalidApiKey();
    const admission = await admissions.admit(key);
    if (admission.outcome === 'invalid') throw errors.invalidApiKey();
    ctx.state.admission = admission;
    ctx.state.auth = {
      keyId: admission.keyId!,
      accountId: admission.accountId!,
      dailyQuota: admission.dailyQuota!,
      burstPerSecond: admission.burstPerSecond!,
    };
    await next();
  };
}
