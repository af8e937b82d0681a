import { describe, expect, it } from 'vitest';
import { insiderIdentityKey, insiderNameKey, looksLikeLegalEntity, normalizePersonName } from '../../../../src/entity/index.js';

describe('normalizePersonName', () => {
  it('turns "Surname, First" round and keeps titles in front', () => {
    expect(normalizePersonName('von Lackum, Lars').display).toBe('Lars von Lackum');
    expect(normalizePersonName('Schneider, Dr. Arne').display).toBe('Dr. Arne Schneider');
    expect(normalizePersonName('FREDRIK BRAG').display).toBe('FREDRIK BRAG');
  });

  it('leaves entities as published', () => {
    const entity = normalizePersonName('MS "CORDULA" Schiffahrtsgesellschaft mbH & Co. KG');
    expect(entity).toMatchObject({ display: 'MS "CORDULA" Schiffahrtsgesellschaft mbH & Co. KG', isEntity: true });
    expect(normalizePersonName('Holding Dupont, SAS').isEntity).toBe(true);
  });

  it('gives the same key to the same person written differently', () => {
    const keys = ['Dr. MÜLLER, Hans', 'Hans Müller', 'hans  muller', 'Herr Hans Müller'].map((n) => normalizePersonName(n).key);
    expect(new Set(keys).size).toBe(1);
    expect(insiderNameKey("Sean O'Brien")).toBe(insiderNameKey('Sean O’Brien'));
    expect(insiderNameKey("Sean O'Brien")).toBe(insiderNameKey('OBRIEN, Sean'));
    expect(insiderNameKey('Hans Müller')).not.toBe(insiderNameKey('Hans Maier'));
  });
});

describe('looksLikeLegalEntity', () => {
  it.each([
    ['GEST INVEST', true],
    ['SARL FAMILLE DUPONT', true],
    ['Beispiel Beteiligungs GmbH', true],
    ['Acme Trustees Limited', true],
    ['Rain Newton-Smith', false],
    ['Thomas Nicolas', false],
  ])('%s → %s', (name, entity) => {
    expect(looksLikeLegalEntity(name)).toBe(entity);
  });
});

describe('insiderIdentityKey', () => {
  it('uses the regulator id across issuers, the name only within one issuer', () => {
    const byId = { name: 'Jane Doe', externalId: '123', externalIdScheme: 'SEC_CIK' };
    expect(insiderIdentityKey(byId, 'issuer-a')).toBe(insiderIdentityKey(byId, 'issuer-b'));
    const byName = { name: 'Jane Doe', externalId: null, externalIdScheme: null };
    expect(insiderIdentityKey(byName, 'issuer-a')).not.toBe(insiderIdentityKey(byName, 'issuer-b'));
    expect(insiderIdentityKey(byName, 'issuer-a')).toBe(insiderIdentityKey({ ...byName, name: 'DOE, Jane' }, 'issuer-a'));
  });
});
