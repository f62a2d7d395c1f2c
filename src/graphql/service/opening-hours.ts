import { isEnglandBankHoliday } from "../../reference";
import { DAY_MS, londonMidnight, londonWallToUtc } from "../../reference/londonTime";
import { OpeningDay, type OpeningSession, type SpecifiedOpeningTime } from "./opening-times.type";

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
 * London time comes from src/reference/londonTime.ts (plain arithmetic, no time-zone library: this runs for every
 * service of every search).
 */
export function openingStatus(rules: OpeningRules, now: Date): OpeningStatus {
  const instant = now.getTime();
  const today = londonMidnight(instant);
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

// Private: the UTC instant of a wall-clock minute of a local day (minute 1440 is the next midnight).
function atMinute(day: number, minute: number): number {
  return londonWallToUtc(day + minute * MINUTE_MS);
}

// Private: the day's open intervals as [start, end) minutes since local midnight, sorted by start.
function sessionsOn(rules: OpeningRules, day: number): [number, number][] {
  const { isoDate, rotaDay } = calendarDay(day);
  const specified = rules.specifiedOpeningTimes.length === 0 ? [] : rules.specifiedOpeningTimes.filter(time => time.date === isoDate);
  let intervals: [number, number][];
  if (specified.length > 0) {
    intervals = specified.some(time => time.closed)
      ? []
      : specified.map(time => [minutes(time.opens), minutes(time.closes)]);
  } else if (rules.openAllHours) {
    intervals = [[0, 24 * 60]];
  } else {
    intervals = rules.openingTimes
      .filter(session => session.day === rotaDay)
      .map(session => [minutes(session.opens), minutes(session.closes)]);
  }
  return intervals.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
}

interface CalendarDay {
  isoDate: string;
  /** Whose rota sessions apply: the weekday's, or BANK_HOLIDAY's. */
  rotaDay: OpeningDay;
}

// Private: facts of the calendar (no DoS data), kept across requests because every service of every search asks
// them of the same few days. Bounded: cleared when it holds a year of days.
const calendarDays = new Map<number, CalendarDay>();

function calendarDay(day: number): CalendarDay {
  let known = calendarDays.get(day);
  if (known === undefined) {
    if (calendarDays.size >= 366) calendarDays.clear();
    const date = new Date(day);
    const isoDate = date.toISOString().slice(0, 10);
    // getUTCDay of a local day: 0 Sunday … 6 Saturday; ROTA_DAYS starts on Monday.
    const rotaDay = isEnglandBankHoliday(isoDate) ? OpeningDay.BANK_HOLIDAY : ROTA_DAYS[(date.getUTCDay() + 6) % 7];
    known = { isoDate, rotaDay };
    calendarDays.set(day, known);
  }
  return known;
}

// Private: "hh:mm" → minutes since midnight, with DoS's "23:59" read as midnight (end of day).
function minutes(time: string): number {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  return total === 23 * 60 + 59 ? 24 * 60 : total;
}
