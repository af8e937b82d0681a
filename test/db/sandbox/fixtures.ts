import type { Db } from '../../../src/db/knex.js';
import { insertCompany, insertDeclarations, insertInsider } from '../../helpers/factories/declarations.js';

export const FACTOR_KEYS = [
  'role', 'amount', 'marketCapShare', 'cluster', 'discretionary', 'filingDelay', 'trackRecord', 'priceMomentum', 'holdingsChange',
] as const;

export interface SeededData {
  /** Newest first, as /declarations lists them by default. */
  declarationIds: string[];
  scoredId: string;
  companySlug: string;
  companyName: string;
}

/**
 * Two issuers, two insiders, five declarations published over the last days (so /signals, which
 * looks back 7 days from now, sees them), the newest one scored with nine audited factors.
 */
export async function seedSandboxFixtures(db: Db): Promise<SeededData> {
  const acme = await insertCompany(db, { name: 'Acme Corp', slug: 'acme-corp', ticker: 'ACME', market: 'us' });
  const globex = await insertCompany(db, { name: 'Globex SA', slug: 'globex-sa', ticker: 'GLBX', market: 'fr' });
  const jane = await insertInsider(db, { name: 'Jane Doe', slug: 'jane-doe' });
  const paul = await insertInsider(db, { name: 'Paul Martin', slug: 'paul-martin' });
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const ids = await insertDeclarations(
    db,
    [5, 4, 3, 2, 1].map((age) => {
      const isAcme = age % 2 === 1;
      return {
        id: isAcme ? `SEC:0000000001-26-00000${age}` : `AMF:2026DD00000${age}`,
        companyId: isAcme ? acme.id : globex.id,
        insiderId: isAcme ? jane.id : paul.id,
        market: isAcme ? 'us' : 'fr',
        source: isAcme ? 'sec' : 'amf',
        regulator: isAcme ? 'SEC' : 'AMF',
        pubDate: daysAgo(age),
        transactionDate: daysAgo(age + 1).slice(0, 10),
        direction: age === 2 ? ('SELL' as const) : ('BUY' as const),
        totalAmount: 100_000 * (6 - age),
        currency: isAcme ? 'USD' : 'EUR',
        role: isAcme ? 'CEO' : 'DIRECTOR',
        signalScore: age === 1 ? 72.5 : age === 3 ? 41 : null,
      };
    }),
  );
  const scoredId = ids[4]!;
  await db('signals').insert({
    declaration_id: scoredId,
    version: 'v3',
    direction: 'BUY',
    score: 72.5,
    null_reason: null,
    factors: JSON.stringify(
      FACTOR_KEYS.map((key, i) => ({
        key,
        label: `Factor ${i + 1}: ${key}`,
        value: i * 1.5,
        points: i === 5 ? -2 : i + 2,
        cap: 12,
        rationale: `Rationale for ${key}: explains the ${i === 5 ? 'penalty' : 'points'} awarded.`,
      })),
    ),
    inputs: JSON.stringify({}),
    is_cluster: false,
    cluster_size: 1,
    computed_at: new Date(),
  });
  return { declarationIds: [...ids].reverse(), scoredId, companySlug: acme.slug, companyName: acme.name };
}
