/**
 * JSON text produced by PostgreSQL (json_build_object), embedded as is in a response. Building a
 * declaration's JSON in the database and splicing the text saves parsing ~45 columns per row into
 * JavaScript objects and serializing them again: most of the CPU a listing costs.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

const MARKER = '\u0000raw\u0000';

/** JSON.stringify that writes RawJson values verbatim. */
export function stringifyWithRaw(value: unknown): string {
  const raws: string[] = [];
  const skeleton = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return MARKER;
    }
    return v;
  });
  if (raws.length === 0) return skeleton;
  let index = 0;
  // JSON.stringify escapes the NUL characters, so the marker cannot collide with real data.
  return skeleton.replace(/"\\u0000raw\\u0000"/g, () => raws[index++]!);
}
