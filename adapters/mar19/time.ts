import { DateTime } from 'luxon';

const UTC_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

/** A regulator's local wall-clock time → the model's UTC timestamp with milliseconds; null if invalid. */
export function localToUtc(date: string, time: string | null, zone: string): string | null {
  const dt = DateTime.fromISO(`${date}T${time ?? '00:00:00'}`, { zone });
  return dt.isValid ? dt.toUTC().toFormat(UTC_FORMAT) : null;
}

/** An ISO timestamp with an offset ("2026-03-30T18:06:07.6876974+02:00") → UTC with milliseconds. */
export function offsetIsoToUtc(text: string, zoneIfNone: string): string | null {
  // Luxon reads at most milliseconds; BDIF prints seven fractional digits.
  const trimmed = text.trim().replace(/(\.\d{3})\d+/, '$1');
  const dt = DateTime.fromISO(trimmed, { zone: zoneIfNone, setZone: true });
  return dt.isValid ? dt.toUTC().toFormat(UTC_FORMAT) : null;
}

/** "DD.MM.YYYY" and optional "HH:MM:SS" → YYYY-MM-DD and the time. */
export function germanDateTime(text: string): { date: string; time: string | null } | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(text);
  if (!m) return null;
  const date = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  if (!DateTime.fromISO(date).isValid) return null;
  const time = m[4] ? `${m[4].padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}` : null;
  return { date, time };
}
