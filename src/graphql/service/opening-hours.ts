import { isEnglandBankHoliday } from "../../reference";
import { OpeningDay, type OpeningSession, type SpecifiedOpeningTime } from "./opening-times.type";

export const LONDON = "Europe/London";

/** How far ahead `nextOpen` looks. Long enough for Christmas closures and a fortnightly session. */
export const NEXT_OPEN_LOOKAHEAD_DAYS = 14;

export interface OpeningRules {
  openAllHours: boolean;
  openingTimes: readonly OpeningSession[];
  specifiedOpeningTimes: readonly SpecifiedOpeningTime[];
}

export interface OpeningStatus {
  openNow: boolean;
  /** When a closed service next opens (within the lookahead); null when open now or not opening soon. */
  nextOpen: Date | null;
}

const ROTA_DAYS: readonly OpeningDay[] = [
  OpeningDay.MONDAY,
  OpeningDay.TUESDAY,
  OpeningDay.WEDNESDAY,
  OpeningDay.THURSDAY,
  OpeningDay.FRIDAY,
  OpeningDay.SATURDAY,
  OpeningDay.SUNDAY,
];

/**
 * Open now / next opening in Europe/London, with DoS's precedence (spec §5.5): a specified date wins over
 * open-all-hours, which wins over bank-holiday sessions, which win over the weekly rota. A bank holiday
 * without BANK_HOLIDAY sessions is closed. Sessions never cross midnight; `23:59` means until midnight.
 *
 * Plain arithmetic on the UK's summer-time rule rather than a time-zone library: this runs for every service of
 * every search, and was the largest cost of a search's GraphQL work with luxon. test/graphql/opening-hours.test.ts
 * checks it against luxon (tz database) across both clock changes.
 */
export function openingStatus(rules: OpeningRules, now: Date): OpeningStatus {
  const instant = now.getTime();
  const today = localMidnight(instant);
  for (let offset = 0; offset <= NEXT_OPEN_LOOKAHEAD_DAYS; offset++) {
    const day = today + offset * DAY_MS;
    for (const [startMinute, endMinute] of sessionsOn(rules, day)) {
      const opens = atMinute(day, startMinute);
      if (opens > instant) return { openNow: false, nextOpen: new Date(opens) };
      if (instant < atMinute(day, endMinute)) return { openNow: true, nextOpen: null };
    }
  }
  return { openNow: false, nextOpen: null };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Europe/London's offset from UTC at a UTC instant: BST (+1 h) from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October, GMT otherwise (the UK rule in force since 1981, 01:00 UTC since 1998).
 */
export function londonOffsetMs(utc: number): number {
  const year = new Date(utc).getUTCFullYear();
  return utc >= lastSundayAt1Utc(year, 2) && utc < lastSundayAt1Utc(year, 9) ? HOUR_MS : 0;
}

// Private: 01:00 UTC on the last Sunday of `month` (0-based).
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS + HOUR_MS;
}

// Private: London wall-clock time as "local milliseconds" (UTC arithmetic on the wall clock).
function localMidnight(utc: number): number {
  const local = utc + londonOffsetMs(utc);
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

// Private: the UTC instant of a wall-clock minute of a local day, resolved as luxon does: in the autumn overlap
// the earlier instant, in the spring gap the wall time moved forward by the gap (01:30 → 02:30 BST).
function atMinute(day: number, minute: number): number {
  const wall = day + minute * MINUTE_MS;
  const assumed = londonOffsetMs(day - londonOffsetMs(day - HOUR_MS));
  let utc = wall - assumed;
  const second = londonOffsetMs(utc);
  if (second === assumed) return utc;
  utc -= second - assumed;
  const third = londonOffsetMs(utc);
  if (third === second) return utc;
  return wall - Math.min(second, third);
}

// Private: the day's open intervals as [start, end) minutes since local midnight, sorted by start.
function sessionsOn(rules: OpeningRules, day: number): [number, number][] {
  const isoDate = new Date(day).toISOString().slice(0, 10);
  const specified = rules.specifiedOpeningTimes.filter(time => time.date === isoDate);
  let intervals: [number, number][];
  if (specified.length > 0) {
    intervals = specified.some(time => time.closed)
      ? []
      : specified.map(time => [minutes(time.opens), minutes(time.closes)]);
  } else if (rules.openAllHours) {
    intervals = [[0, 24 * 60]];
  } else {
    // getUTCDay of a local day: 0 Sunday … 6 Saturday; ROTA_DAYS starts on Monday.
    const rotaDay = isEnglandBankHoliday(isoDate) ? OpeningDay.BANK_HOLIDAY : ROTA_DAYS[(new Date(day).getUTCDay() + 6) % 7];
    intervals = rules.openingTimes
      .filter(session => session.day === rotaDay)
      .map(session => [minutes(session.opens), minutes(session.closes)]);
  }
  return intervals.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
}

// Private: "hh:mm" → minutes since midnight, with DoS's "23:59" read as midnight (end of day).
function minutes(time: string): number {
  const [hours, mins] = time.split(":").map(Number);
  const total = hours * 60 + mins;
  return total === 23 * 60 + 59 ? 24 * 60 : total;
}
