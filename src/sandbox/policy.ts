import type { SandboxConfig } from '../config.js';
import { MAX_DIFFICULTY_BITS } from './challenge.js';

export type SandboxPolicy = Pick<
  SandboxConfig,
  'difficultyBits' | 'difficultyStepBits' | 'escalateFromCall' | 'dailyCap' | 'botDailyCap' | 'addressDailyCap'
>;

/** Calls a client may make in any 24 hours. */
export function dailyCapFor(policy: SandboxPolicy, isBot: boolean): number {
  return isBot ? Math.min(policy.botDailyCap, policy.dailyCap) : policy.dailyCap;
}

/** Whether call number `callNumber` (1-based, within the 24-hour window) is past the escalation point. */
export function isEscalated(policy: SandboxPolicy, callNumber: number): boolean {
  return callNumber >= policy.escalateFromCall;
}

/** Bits of work call number `callNumber` must carry: the base, plus the step once escalated. */
export function requiredDifficulty(policy: SandboxPolicy, callNumber: number): number {
  const bits = policy.difficultyBits + (isEscalated(policy, callNumber) ? policy.difficultyStepBits : 0);
  return Math.min(bits, MAX_DIFFICULTY_BITS);
}
