export { normalizeRole, ROLE_PATTERNS, type RolePattern } from './roles.js';
export {
  insiderIdentityKey,
  insiderNameKey,
  looksLikeLegalEntity,
  normalizePersonName,
  LEGAL_ENTITY_MARKERS,
  type InsiderMention,
  type NormalizedPersonName,
} from './names.js';
