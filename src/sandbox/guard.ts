import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import type { CaptchaVerifier } from './captcha.js';
import { createTurnstileVerifier } from './captcha.js';
import { issueChallenge, POW_ALGORITHM, verifyProof, type ChallengeClaims } from './challenge.js';
import { sandboxErrors } from './errors.js';
import { addressHash, fingerprintHash, normalizeUserAgent, type Fingerprint } from './fingerprint.js';
import { buildIpRangeSet, isLoopback, resolveClientIp, type IpRangeSet } from './ip.js';
import { loadSandboxKeys, type SandboxKeys } from './keys.js';
import { loadBotDetector, loadDatacenterRanges, type BotDetector } from './lists.js';
import type { ChallengeOfferSchema, QuotaSchema } from './schemas.js';
import { dailyCapFor, isEscalated, requiredDifficulty } from './policy.js';
import { admitCall, purgeExpiredCalls, readUsage, type Usage, type UsageWindow } from './usage.js';
import { createWatermark } from './watermark.js';

/** What a request carries, independent of the web framework. */
export interface ClientRequest {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  userAgent: string | undefined;
}

export interface ProofHeaders {
  challenge: string | undefined;
  solution: string | undefined;
  captchaToken: string | undefined;
}

export type Quota = z.infer<typeof QuotaSchema>;

export type ChallengeOffer = z.infer<typeof ChallengeOfferSchema>;

export interface Admission {
  claims: ChallengeClaims;
  quota: Quota;
}

export interface SandboxGuard {
  readonly captcha: CaptchaVerifier | null;
  keys(): Promise<SandboxKeys>;
  identify(request: ClientRequest): Promise<Fingerprint>;
  /** Refuses clients the sandbox never serves (datacenters; loopback outside development). */
  screen(fingerprint: Fingerprint): void;
  offerChallenge(fingerprint: Fingerprint, now: Date): Promise<ChallengeOffer>;
  /** Stateless proof checks; call before validating the request so bad proofs cost us nothing. */
  checkProof(fingerprint: Fingerprint, proof: ProofHeaders, now: Date): Promise<ChallengeClaims>;
  /** Consumes the challenge and counts the call, or refuses (replay, caps, escalation, captcha). */
  admit(fingerprint: Fingerprint, claims: ChallengeClaims, proof: ProofHeaders, route: string, now: Date): Promise<Admission>;
  watermark(fingerprint: Fingerprint, now: Date): Promise<string>;
}

export interface SandboxGuardOptions {
  db: Db;
  config: Config;
  log: Logger;
  /** Defaults to Turnstile when SIGMA_SANDBOX_CAPTCHA_SECRET is set, else none. */
  captchaVerifier?: CaptchaVerifier | null;
  datacenterRanges?: IpRangeSet;
  botDetector?: BotDetector;
}

const PURGE_EVERY_MS = 10 * 60_000;

function quotaOf(limit: number, usage: UsageWindow): Quota {
  return {
    limit,
    used: usage.used,
    remaining: Math.max(0, limit - usage.used),
    resetAt: usage.nextSlotAt?.toISOString() ?? null,
  };
}

export function createSandboxGuard(options: SandboxGuardOptions): SandboxGuard {
  const { db, config, log } = options;
  const settings = config.sandbox;
  const trustedProxies = buildIpRangeSet(config.trustedProxies, 'SIGMA_TRUSTED_PROXIES', true);
  const datacenters = options.datacenterRanges ?? loadDatacenterRanges(settings.datacenterCidrsFile);
  const bots = options.botDetector ?? loadBotDetector();
  const captcha =
    options.captchaVerifier !== undefined
      ? options.captchaVerifier
      : settings.captcha.secret
        ? createTurnstileVerifier({
            secret: settings.captcha.secret,
            siteKey: settings.captcha.siteKey,
            verifyUrl: settings.captcha.verifyUrl,
          })
        : null;

  let keysPromise: Promise<SandboxKeys> | null = null;
  const keys = () => {
    keysPromise ??= loadSandboxKeys(db, settings.hmacKey).catch((error: unknown) => {
      keysPromise = null; // a database hiccup at start must not poison every later request
      throw error;
    });
    return keysPromise;
  };

  let lastPurgeAt = 0;
  const purgeNowAndThen = (now: Date) => {
    if (now.getTime() - lastPurgeAt < PURGE_EVERY_MS) return;
    lastPurgeAt = now.getTime();
    purgeExpiredCalls(db, now)
      .then((purged) => purged > 0 && log.debug('sandbox call log purged', { purged }))
      .catch((error: unknown) => log.warn('sandbox call log purge failed', { error: String(error) }));
  };

  const refuseOverCap = (fingerprint: Fingerprint, usage: Usage, now: Date) => {
    const retryAt = (window: UsageWindow) => window.nextSlotAt ?? new Date(now.getTime() + 60_000);
    const cap = dailyCapFor(settings, fingerprint.isBot);
    if (usage.fingerprint.used >= cap) {
      const at = retryAt(usage.fingerprint);
      throw fingerprint.isBot ? sandboxErrors.botCapReached(cap, at, now) : sandboxErrors.dailyCapReached(cap, at, now);
    }
    if (usage.address.used >= settings.addressDailyCap) {
      throw sandboxErrors.addressCapReached(settings.addressDailyCap, retryAt(usage.address), now);
    }
  };
  const who = (fingerprint: Fingerprint) => ({ fingerprintHash: fingerprint.hash, addressHash: fingerprint.addressHash });

  return {
    captcha,
    keys,

    async identify(request) {
      const ip = resolveClientIp(request.remoteAddress, request.forwardedFor, trustedProxies);
      if (ip === null) throw sandboxErrors.loopbackDenied();
      const userAgent = normalizeUserAgent(request.userAgent);
      const { fingerprint: key } = await keys();
      return {
        ip,
        userAgent,
        hash: fingerprintHash(key, ip, userAgent),
        addressHash: addressHash(key, ip),
        isBot: bots.isBot(userAgent),
      };
    },

    screen(fingerprint) {
      if (isLoopback(fingerprint.ip)) {
        if (!settings.allowLoopback) throw sandboxErrors.loopbackDenied();
        return;
      }
      if (datacenters.contains(fingerprint.ip)) throw sandboxErrors.datacenterDenied();
    },

    async offerChallenge(fingerprint, now) {
      const usage = await readUsage(db, who(fingerprint), now);
      refuseOverCap(fingerprint, usage, now);
      const nextCall = usage.fingerprint.used + 1;
      const { signing } = await keys();
      const issued = issueChallenge(signing, {
        fingerprintHash: fingerprint.hash,
        difficulty: requiredDifficulty(settings, nextCall),
        now,
        ttlSeconds: settings.challengeTtlSeconds,
      });
      return {
        challenge: issued.challenge,
        difficulty: issued.difficulty,
        expiresAt: issued.expiresAt.toISOString(),
        algorithm: POW_ALGORITHM,
        quota: quotaOf(dailyCapFor(settings, fingerprint.isBot), usage.fingerprint),
        captcha:
          captcha && isEscalated(settings, nextCall) ? { provider: captcha.provider, siteKey: captcha.siteKey } : null,
      };
    },

    async checkProof(fingerprint, proof, now) {
      const missing = [
        ...(proof.challenge ? [] : ['X-Sandbox-POW-Challenge']),
        ...(proof.solution ? [] : ['X-Sandbox-POW-Solution']),
      ];
      if (missing.length > 0) throw sandboxErrors.proofMissing(missing);
      const { signing } = await keys();
      return verifyProof(signing, {
        challenge: proof.challenge!,
        solution: proof.solution!.trim(),
        fingerprintHash: fingerprint.hash,
        now,
      });
    },

    async admit(fingerprint, claims, proof, route, now) {
      purgeNowAndThen(now);
      const cap = dailyCapFor(settings, fingerprint.isBot);
      const usage = await admitCall(
        db,
        { challengeId: claims.id, ...who(fingerprint), isBot: fingerprint.isBot, difficulty: claims.difficulty, route },
        now,
        async (current) => {
          refuseOverCap(fingerprint, current, now);
          const callNumber = current.fingerprint.used + 1;
          const required = requiredDifficulty(settings, callNumber);
          if (claims.difficulty < required) throw sandboxErrors.harderChallengeRequired(callNumber, required, claims.difficulty);
          if (captcha && isEscalated(settings, callNumber)) {
            if (!proof.captchaToken) throw sandboxErrors.captchaRequired(callNumber);
            const outcome = await captcha.verify(proof.captchaToken, fingerprint.ip);
            if (!outcome.success) throw sandboxErrors.captchaFailed(outcome.reasons);
          }
        },
      );
      return { claims, quota: quotaOf(cap, usage) };
    },

    async watermark(fingerprint, now) {
      const { watermark } = await keys();
      return createWatermark(watermark, fingerprint.hash, now);
    },
  };
}
