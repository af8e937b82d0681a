import type { Factor } from '../../src/model/index.js';
import { pointsOf } from '../format.js';
import type { ScoringInput } from '../types.js';
import { filingDeadline, type FilingDeadline } from '../weights.js';
import type { FactorContext } from './context.js';

function delayIn(input: ScoringInput, deadline: FilingDeadline): number | null {
  if (deadline.unit === 'business') return input.filingDelayDays;
  if (!input.transactionDate) return null;
  const from = Date.parse(`${input.transactionDate}T00:00:00Z`);
  const to = Date.parse(`${input.pubLocalDate}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.round((to - from) / 86_400_000);
}

/**
 * (9) Timeliness: days from the trade to publication against the market's legal deadline. A late
 * filing leaves less of the price reaction for the reader to trade on.
 */
export function timelinessFactor({ input, track }: FactorContext): Factor {
  const t = track.timeliness;
  const deadline = filingDeadline(input.market);
  const delay = delayIn(input, deadline);
  const base = { key: 'timeliness', label: 'Filing timeliness', cap: t.cap, value: delay };
  const unit = `${deadline.unit} day`;
  if (delay === null) {
    return { ...base, points: 0, rationale: `The filing delay is unknown (no transaction date): ${pointsOf(0, t.cap)}.` };
  }
  if (delay < 0) {
    return {
      ...base,
      points: 0,
      rationale: `Published ${-delay} ${unit}(s) before the stated transaction date, an inconsistency in the filing: ${pointsOf(0, t.cap)}.`,
    };
  }
  const over = delay - deadline.days;
  let points: number;
  let verdict: string;
  if (over <= 0) [points, verdict] = [t.onTime, 'on time'];
  else if (delay <= 2 * deadline.days) [points, verdict] = [t.withinTwiceDeadline, 'late but within twice the deadline'];
  else if (over >= t.veryLateAfterDays) [points, verdict] = [t.veryLate, `very late (${t.veryLateAfterDays}+ days past the deadline)`];
  else [points, verdict] = [t.late, 'late'];
  return {
    ...base,
    points,
    rationale: `Published ${delay} ${unit}(s) after the trade against a deadline of ${deadline.days} (${deadline.rule}), ${verdict}: ${pointsOf(points, t.cap)}.`,
  };
}
