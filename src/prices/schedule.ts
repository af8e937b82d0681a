const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a "HH:MM" 24-hour time of day. */
export function isTimeOfDay(value: string): boolean {
  return HH_MM.test(value);
}

/**
 * The next moment strictly after `now` whose UTC time of day is `timeOfDay` ("HH:MM"), i.e. today's
 * slot if it is still ahead, else tomorrow's. Strictly after, so a run that ends within its own
 * minute is not started twice.
 */
export function nextRunAt(now: Date, timeOfDay: string): Date {
  const match = HH_MM.exec(timeOfDay);
  if (!match) throw new RangeError(`time of day must be HH:MM (24h, UTC), got "${timeOfDay}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
  if (slot.getTime() <= now.getTime()) slot.setUTCDate(slot.getUTCDate() + 1);
  return slot;
}
