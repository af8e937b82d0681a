import type { Factor, Role } from '../../src/model/index.js';
import { pointsOf } from '../format.js';
import type { FactorContext } from './context.js';

const ROLE_NAMES: Record<Role, string> = {
  CFO: 'chief financial officer',
  CEO: 'chief executive officer',
  CHAIR: 'chair of the board',
  OTHER_OFFICER: 'an officer',
  DIRECTOR: 'a director',
  TEN_PCT_OWNER: 'a 10% holder',
  CLOSELY_ASSOCIATED: 'a person closely associated with a manager',
  OTHER: 'an insider of another kind',
};

/**
 * (2) Role: how close the insider sits to the information. The reported role and every flag the
 * filing sets (officer, director, 10% owner, closely associated) are considered; the best counts.
 */
export function roleFactor({ input, track }: FactorContext): Factor {
  const { cap, points: table } = track.role;
  const candidates: Role[] = [input.role];
  if (input.isOfficer) candidates.push('OTHER_OFFICER');
  if (input.isDirector) candidates.push('DIRECTOR');
  if (input.isTenPctOwner) candidates.push('TEN_PCT_OWNER');
  if (input.isCloselyAssociated) candidates.push('CLOSELY_ASSOCIATED');
  const best = candidates.reduce((a, b) => (table[b] > table[a] ? b : a));
  const points = table[best];
  const via = best === input.role ? `reported role ${input.role}` : `reported role ${input.role}, flagged ${best}`;
  return {
    key: 'role',
    label: 'Insider role',
    value: best,
    points,
    cap,
    rationale: `The insider is ${ROLE_NAMES[best]} (${via}): ${pointsOf(points, cap)}.`,
  };
}
