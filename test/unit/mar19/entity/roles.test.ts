import { describe, expect, it } from 'vitest';
import { normalizeRole } from '../../../../src/entity/index.js';

describe('normalizeRole', () => {
  it.each([
    ['CEO', 'CEO'],
    ['Président Directeur Général', 'CEO'],
    ['Directeur Général', 'CEO'],
    ['Directeur Général Délégué', 'OTHER_OFFICER'],
    ['Président du Directoire', 'CEO'],
    ['Président du Conseil de surveillance', 'CHAIR'],
    ['Membre du Conseil de surveillance', 'DIRECTOR'],
    ['Administrateur', 'DIRECTOR'],
    ['Directeur Administratif et Financier', 'CFO'],
    ['personne étroitement liée', 'CLOSELY_ASSOCIATED'],
    ['Vorstand', 'OTHER_OFFICER'],
    ['Vorsitzender des Vorstands', 'CEO'],
    ['Finanzvorstand', 'CFO'],
    ['Aufsichtsrat', 'DIRECTOR'],
    ['Vorsitzender des Aufsichtsrats', 'CHAIR'],
    ['Sonstige Führungsperson', 'OTHER_OFFICER'],
    ['in enger Beziehung', 'CLOSELY_ASSOCIATED'],
    ['Group Chief Executive', 'CEO'],
    ['Chief Financial Officer', 'CFO'],
    ['Group Finance Director', 'CFO'],
    ['Group Chief Risk Officer', 'OTHER_OFFICER'],
    ['PDMR (Non-Executive Director)', 'DIRECTOR'],
    ['Non-Executive Chairman', 'CHAIR'],
    ['Chair of the Audit Committee', 'DIRECTOR'],
    ['Vice Chairman', 'DIRECTOR'],
    ['Company Secretary', 'OTHER_OFFICER'],
    ['Managing Director, UK Retail', 'OTHER_OFFICER'],
    ['PCA of Jane Doe (Non-Executive Director)', 'CLOSELY_ASSOCIATED'],
    ['Spouse of the Chief Executive', 'CLOSELY_ASSOCIATED'],
    ['Head of Investor Relations', 'OTHER_OFFICER'],
    [null, 'OTHER'],
    ['Shareholder', 'OTHER'],
  ])('%s → %s', (title, role) => {
    expect(normalizeRole(title).role).toBe(role);
  });

  it('sets the booleans the model carries and keeps the raw title', () => {
    expect(normalizeRole('  Non-Executive  Director ')).toEqual({
      role: 'DIRECTOR',
      roleRaw: 'Non-Executive Director',
      isDirector: true,
      isOfficer: false,
      isTenPctOwner: false,
      isCloselyAssociated: false,
    });
    expect(normalizeRole('Executive Director')).toMatchObject({ role: 'DIRECTOR', isDirector: true, isOfficer: true });
    expect(normalizeRole('in enger Beziehung')).toMatchObject({ isDirector: false, isOfficer: false, isCloselyAssociated: true });
    expect(normalizeRole('Aufsichtsrat')).toMatchObject({ isDirector: true, isOfficer: false });
  });
});
