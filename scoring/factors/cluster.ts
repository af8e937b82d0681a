import type { Factor } from '../../src/model/index.js';
import { listIds, pointsOf } from '../format.js';
import type { ClusterMember, ScoringInput } from '../types.js';
import type { WeightsTable } from '../weights.js';
import { VERB, type FactorContext } from './context.js';

const DAY_MS = 86_400_000;

/**
 * The distinct other insiders (joint filers counted once) whose same-direction declarations at
 * the same issuer were published within the window before this one, earliest first.
 */
export function countedClusterMembers(input: ScoringInput, weights: WeightsTable): ClusterMember[] {
  const end = Date.parse(input.pubDate);
  const start = end - weights.clusterWindowDays * DAY_MS;
  const seen = new Set<number>([input.insiderId, ...input.coReporterIds]);
  const counted: ClusterMember[] = [];
  const candidates = input.cluster
    .filter((m) => m.declarationId !== input.declarationId)
    .filter((m) => {
      const at = Date.parse(m.pubDate);
      return at >= start && at <= end;
    })
    .sort((a, b) => a.pubDate.localeCompare(b.pubDate) || a.declarationId.localeCompare(b.declarationId));
  for (const member of candidates) {
    if (seen.has(member.insiderId)) continue;
    counted.push(member);
    seen.add(member.insiderId);
    for (const id of member.coReporterIds) seen.add(id);
  }
  return counted;
}

/**
 * (4) Cluster: other insiders of the same issuer trading the same way shortly before publication
 * (clustered purchases earn markedly more than solitary ones; Alldredge & Blank 2019).
 */
export function clusterFactor({ input, direction, track, weights }: FactorContext): Factor {
  const { cap, pointsByOtherInsiders } = track.cluster;
  const members = countedClusterMembers(input, weights);
  const others = members.length;
  const points = pointsByOtherInsiders[Math.min(others, pointsByOtherInsiders.length - 1)] ?? 0;
  const evidence = others > 0 ? ` (${listIds(members.map((m) => m.declarationId))})` : '';
  return {
    key: 'cluster',
    label: 'Cluster of insiders',
    value: others,
    points,
    cap,
    rationale:
      `${others} other insider${others === 1 ? '' : 's'} of this issuer ${VERB[direction].past} in the ${weights.clusterWindowDays} days ` +
      `before publication${evidence}: ${pointsOf(points, cap)}.`,
  };
}
