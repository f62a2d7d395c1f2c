/**
 * Europe/London wall-clock arithmetic on the UK's summer-time rule, without a time-zone library: these run for
 * every service of every search (opening hours) and every search (DoS's timestamps), where luxon's zone machinery
 * was a large share of the CPU. test/graphql/opening-hours.test.ts checks the results against luxon (the tz
 * database) around every clock change of 2025-2028.
 *
 * "Wall time" values are milliseconds of London's clock face counted as if it were UTC, so that `Date`'s UTC
 * getters read the local date and time.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * London's offset from UTC at a UTC instant: BST (+1 h) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October, GMT otherwise (the UK rule in force since 1981, changing at 01:00 UTC since 1998).
 */
export function londonOffsetMs(utc: number): number {
  let year = lastYear;
  if (!(utc >= year.start && utc < year.end)) year = lastYear = yearOf(utc);
  return utc >= year.summerStart && utc < year.summerEnd ? HOUR_MS : 0;
}

/** A calendar year's bounds and summer time, in UTC milliseconds. */
interface YearRule {
  start: number;
  end: number;
  summerStart: number;
  summerEnd: number;
}

// Private: the year of the last lookup. Nearly every lookup of a request falls in the same year, and computing a
// year's clock changes allocated several Dates per lookup, called thousands of times per search.
let lastYear: YearRule = yearOf(Date.now());

function yearOf(utc: number): YearRule {
  const year = new Date(utc).getUTCFullYear();
  return {
    start: Date.UTC(year, 0, 1),
    end: Date.UTC(year + 1, 0, 1),
    summerStart: lastSundayAt1Utc(year, 2),
    summerEnd: lastSundayAt1Utc(year, 9),
  };
}

// Private: 01:00 UTC on the last Sunday of `month` (0-based).
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS + HOUR_MS;
}

export function londonWallTime(utc: number): number {
  return utc + londonOffsetMs(utc);
}

/** The wall time of London's midnight starting the day of `utc`. */
export function londonMidnight(utc: number): number {
  const wall = londonWallTime(utc);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * The UTC instant of a London wall time, resolved as luxon resolves one: in the autumn overlap the earlier
 * instant, in the spring gap the wall time moved forward by the gap (01:30 → 02:30 BST).
 */
export function londonWallToUtc(wall: number): number {
  const midnight = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  const assumed = londonOffsetMs(midnight - londonOffsetMs(midnight - HOUR_MS));
  let utc = wall - assumed;
  const second = londonOffsetMs(utc);
  if (second === assumed) return utc;
  utc -= second - assumed;
  const third = londonOffsetMs(utc);
  if (third === second) return utc;
  return wall - Math.min(second, third);
}

/** `YYYY-MM-DDTHH:mm:ss` on London's clock, as DoS takes `searchDateTime`. */
export function formatLondonWallTime(utc: number): string {
  return new Date(londonWallTime(utc)).toISOString().slice(0, 19);
}

/** `months` calendar months after `utc` on London's clock (the day clamped to the month's last, as luxon does). */
export function addLondonMonths(utc: number, months: number): number {
  const wall = new Date(londonWallTime(utc));
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(wall.getUTCDate(), lastDay);
  const timeOfDay = wall.getTime() - Date.UTC(year, wall.getUTCMonth(), wall.getUTCDate());
  return londonWallToUtc(Date.UTC(year, month, day) + timeOfDay);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 date-time as DoS writes it, wall time in London unless it carries an offset (which then wins).
 * Undefined when it is not a valid date-time.
 */
export function parseLondonDateTime(text: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = "0", fraction = "0", zone] = match;
  const milliseconds = Math.floor(Number(`0.${fraction}`) * 1000);
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), milliseconds);
  const check = new Date(wall);
  const valid =
    check.getUTCFullYear() === Number(y) &&
    check.getUTCMonth() === Number(mo) - 1 &&
    check.getUTCDate() === Number(d) &&
    check.getUTCHours() === Number(h) &&
    check.getUTCMinutes() === Number(mi) &&
    check.getUTCSeconds() === Number(s);
  if (!valid) return undefined;
  if (zone === undefined) return new Date(londonWallToUtc(wall));
  if (zone === "Z") return check;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * MINUTE_MS;
  return new Date(wall - offsetMs);
}
