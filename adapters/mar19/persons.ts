import { normalizeRole } from '../../src/entity/roles.js';
import type { Mar19Person } from './types.js';

/**
 * How a closely associated person is tied to the PDMR inside a name line:
 * "GEST INVEST personne morale liée à Philippe ROSIO, Président",
 * "GEST INVEST legal person closely associated with Philippe ROSIO",
 * "X GmbH, in enger Beziehung zu Hans Müller".
 */
const ASSOCIATION_LINK =
  /\s*,?\s*(?:(?:une?\s+)?personne\s+(?:morale\s+|physique\s+)?(?:étroitement\s+|etroitement\s+)?li[ée]e?\s+(?:à|a)|(?:legal\s+|natural\s+)?person\s+closely\s+associated\s+(?:with|to)|closely\s+associated\s+(?:with|to)|in\s+enger\s+beziehung\s+(?:zu|mit)|persona\s+strettamente\s+(?:associata|legata)\s+a|persona\s+estrechamente\s+vinculada\s+(?:a|con)|pca\s+(?:of|to)|(?:spouse|wife|husband|son|daughter)\s+of|conjointe?\s+de|[ée]pou(?:x|se)\s+de)\s+/i;

/** Splits "<Name>, <Position>" as AMF prints it; the position is everything after the first comma. */
function splitNameAndPosition(text: string): { name: string; position: string | null } {
  const at = text.indexOf(',');
  if (at < 0) return { name: text.trim(), position: null };
  return { name: text.slice(0, at).trim(), position: text.slice(at + 1).trim() || null };
}

/**
 * Reads AMF's combined "NOM /FONCTION" line: "FREDRIK BRAG, CEO" or a closely associated entity
 * "SOCIETE X personne morale liée à Jean DUPONT, Président".
 */
export function parseNamePosition(text: string): Mar19Person {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const link = ASSOCIATION_LINK.exec(oneLine);
  if (link) {
    const name = oneLine.slice(0, link.index).replace(/[,;]\s*$/, '').trim();
    const pdmr = splitNameAndPosition(oneLine.slice(link.index + link[0].length));
    return {
      name: name || oneLine,
      position: oneLine.slice(link.index).replace(/^\s*,?\s*/, '').trim(),
      associatedWith: pdmr.name || null,
      closelyAssociated: true,
    };
  }
  const { name, position } = splitNameAndPosition(oneLine);
  return { name, position, associatedWith: null, closelyAssociated: normalizeRole(position).isCloselyAssociated };
}

/** A person named in section 1 with the section 2(a) position, closely-associated status derived. */
export function personFrom(name: string, position: string | null): Mar19Person {
  const link = ASSOCIATION_LINK.exec(name);
  if (link) {
    const parsed = parseNamePosition(name);
    return { ...parsed, position: position ?? parsed.position };
  }
  const positionLink = position ? ASSOCIATION_LINK.exec(` ${position}`) : null;
  const associatedWith = positionLink && position
    ? splitNameAndPosition(` ${position}`.slice(positionLink.index + positionLink[0].length)).name || null
    : null;
  return {
    name: name.replace(/\s+/g, ' ').trim(),
    position: position?.replace(/\s+/g, ' ').trim() || null,
    associatedWith,
    closelyAssociated: Boolean(positionLink) || normalizeRole(position).isCloselyAssociated,
  };
}
