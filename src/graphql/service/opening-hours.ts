import { DateTime } from "luxon";
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
 */
export function openingStatus(rules: OpeningRules, now: Date): OpeningStatus {
  const instant = DateTime.fromJSDate(now, { zone: LONDON });
  const today = instant.startOf("day");
  for (let offset = 0; offset <= NEXT_OPEN_LOOKAHEAD_DAYS; offset++) {
    const day = today.plus({ days: offset });
    for (const [startMinute, endMinute] of sessionsOn(rules, day)) {
      const opens = atMinute(day, startMinute);
      if (opens > instant) return { openNow: false, nextOpen: opens.toJSDate() };
      if (instant < atMinute(day, endMinute)) return { openNow: true, nextOpen: null };
    }
  }
  return { openNow: false, nextOpen: null };
}

// Private: the day's open intervals as [start, end) minutes since local midnight, sorted by start.
function sessionsOn(rules: OpeningRules, day: DateTime): [number, number][] {
  const isoDate = day.toISODate() ?? "";
  const specified = rules.specifiedOpeningTimes.filter(time => time.date === isoDate);
  let intervals: [number, number][];
  if (specified.length > 0) {
    intervals = specified.some(time => time.closed)
      ? []
      : specified.map(time => [minutes(time.opens), minutes(time.closes)]);
  } else if (rules.openAllHours) {
    intervals = [[0, 24 * 60]];
  } else {
    const rotaDay = isEnglandBankHoliday(isoDate) ? OpeningDay.BANK_HOLIDAY : ROTA_DAYS[day.weekday - 1];
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

// Private: luxon moves a wall time inside the spring-forward gap to the first valid instant after it.
function atMinute(day: DateTime, minute: number): DateTime {
  if (minute >= 24 * 60) return day.plus({ days: 1 });
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
}
