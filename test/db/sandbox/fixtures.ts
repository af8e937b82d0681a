import type { Db } from '../../../src/db/knex.js';

export const FACTOR_KEYS = [
  'role', 'amount', 'marketCapShare', 'cluster', 'discretionary', 'filingDelay', 'trackRecord', 'priceMomentum', 'holdingsChange',
] as const;

export interface SeededData {
  declarationIds: string[];
  scoredId: string;
  companySlug: string;
}

/** Two companies, two insiders, five declarations (one fully scored with nine factors). */
export async function seedSandboxFixtures(db: Db): Promise<SeededData> {
  const [acme, globex] = (await db('companies')
    .insert([
      { slug: 'acme-corp', name: 'Acme Corp', search_name: 'acme corp', market: 'us', ticker: 'ACME', currency: 'USD' },
      { slug: 'globex-sa', name: 'Globex SA', search_name: 'globex sa', market: 'fr', ticker: 'GLBX', currency: 'EUR' },
    ])
    .returning('id')) as Array<{ id: number }>;
  const [jane, paul] = (await db('insiders')
    .insert([
      { slug: 'jane-doe', name: 'Jane Doe', search_name: 'jane doe', identity_key: 'SEC_CIK:0000000001' },
      { slug: 'paul-martin', name: 'Paul Martin', search_name: 'paul martin', identity_key: 'NAME:2:paul martin' },
    ])
    .returning('id')) as Array<{ id: number }>;

  const base = Date.parse('2026-11-01T14:00:00.000Z');
  const rows = [0, 1, 2, 3, 4].map((n) => {
    const isAcme = n % 2 === 0;
    const id = isAcme ? `SEC:0000000001-26-00000${n}` : `AMF:2026DD00000${n}`;
    return {
      id,
      source: isAcme ? 'sec' : 'amf',
      source_id: id.split(':')[1],
      market: isAcme ? 'us' : 'fr',
      regulator: isAcme ? 'SEC' : 'AMF',
      form_type: isAcme ? '4' : 'DD',
      pub_date: new Date(base + n * 86_400_000),
      direction: n === 3 ? 'SELL' : 'BUY',
      is_amendment: false,
      company_id: isAcme ? acme!.id : globex!.id,
      insider_id: isAcme ? jane!.id : paul!.id,
      insider_role: isAcme ? 'CEO' : 'Director',
      is_director: !isAcme,
      is_officer: isAcme,
      is_ten_pct_owner: false,
      is_closely_associated: false,
      co_reporters: JSON.stringify([]),
      nature: n === 3 ? 'SELL' : 'BUY',
      total_amount: 100_000 * (n + 1),
      currency: isAcme ? 'USD' : 'EUR',
      lines: JSON.stringify([]),
      footnotes: JSON.stringify([]),
      extras: JSON.stringify({}),
      own_draft: JSON.stringify({}),
      content_hash: `hash-${n}`,
      signal_score: n === 4 ? 72.5 : n === 2 ? 41 : null,
      signal_version: n === 4 || n === 2 ? 'v3' : null,
      ingested_at: new Date(base + n * 86_400_000),
      updated_at: new Date(base + n * 86_400_000),
    };
  });
  await db('declarations').insert(rows);
  const scoredId = rows[4]!.id;
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
    computed_at: new Date(base + 5 * 86_400_000),
  });
  return { declarationIds: rows.map((r) => r.id), scoredId, companySlug: 'acme-corp' };
}
