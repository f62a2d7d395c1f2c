import { DateTime } from "luxon";
import { isEnglandBankHoliday } from "../../reference";
import { type SimDay, type SimService } from "./types";

/**
 * Opening times: whether a service is open when a patient with a given disposition needs it (spec §5.5 step
 * 5, §5.8; docs-dos-api `ccs_search_logic_v1_5.md` "Match Session Times").
 *
 * Times are Europe/London wall-clock times, as DoS stores them. Sessions are evaluated as absolute instants,
 * so the window (elapsed minutes after the search) is measured in real time across DST changes: a session
 * 00:00–08:00 on the night the clocks go forward lasts seven hours.
 */
export const LONDON = "Europe/London";

const MINUTE = 60_000;
const WEEKDAYS: readonly SimDay[] = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];

/** A Europe/London calendar day. */
export interface LocalDay {
  /** `YYYY-MM-DD`. */
  date: string;
  weekday: SimDay;
  bankHoliday: boolean;
  /** Local midnight at the start and end of the day, epoch ms (23 or 25 hours apart on DST days). */
  startMs: number;
  endMs: number;
}

/** Calendar days by date, cached: a search touches one to a few days, and the same days again and again. */
export class LondonCalendar {
  private readonly days = new Map<string, LocalDay>();
  private readonly following = new Map<string, LocalDay>();

  dayAt(epochMs: number): LocalDay {
    return this.day(localIso(epochMs).slice(0, 10));
  }

  day(date: string): LocalDay {
    let day = this.days.get(date);
    if (day) return day;
    const start = DateTime.fromISO(date, { zone: LONDON }).startOf("day");
    const end = start.plus({ days: 1 });
    day = {
      date,
      weekday: WEEKDAYS[start.weekday - 1],
      bankHoliday: isEnglandBankHoliday(date),
      startMs: start.toMillis(),
      endMs: end.toMillis(),
    };
    if (this.days.size >= 4096) {
      this.days.clear();
      this.following.clear();
    }
    this.days.set(date, day);
    return day;
  }

  next(day: LocalDay): LocalDay {
    let next = this.following.get(day.date);
    if (!next) {
      const [year, month, dayOfMonth] = day.date.split("-").map(Number);
      next = this.day(new Date(Date.UTC(year, month - 1, dayOfMonth + 1)).toISOString().slice(0, 10));
      this.following.set(day.date, next);
    }
    return next;
  }

  /** The instant of a local wall-clock minute of the day (1440 = the following midnight). */
  instant(day: LocalDay, minute: number): number {
    if (minute <= 0) return day.startMs;
    if (minute >= 1440) return day.endMs;
    if (day.endMs - day.startMs === 1440 * MINUTE) return day.startMs + minute * MINUTE;
    // A DST day: let luxon resolve the wall-clock time (a time in the spring gap moves forward an hour).
    const [year, month, dayOfMonth] = day.date.split("-").map(Number);
    return DateTime.fromObject(
      { year, month, day: dayOfMonth, hour: Math.floor(minute / 60), minute: minute % 60 },
      { zone: LONDON },
    ).toMillis();
  }
}

/** `YYYY-MM-DDThh:mm:ss` in UK local time, DoS's format for `RequestedAtDateTime`/`SearchDateTime`. */
export function formatLocalDateTime(epochMs: number): string {
  return localIso(epochMs).slice(0, 19);
}

// Private: UK offsets by UTC hour. Offsets only change on the hour (01:00 UTC), so one luxon call per hour
// seen replaces one per conversion.
const offsetByUtcHour = new Map<number, number>();

function localIso(epochMs: number): string {
  const hour = Math.floor(epochMs / 3_600_000);
  let offsetMs = offsetByUtcHour.get(hour);
  if (offsetMs === undefined) {
    offsetMs = DateTime.fromMillis(epochMs, { zone: LONDON }).offset * MINUTE;
    if (offsetByUtcHour.size >= 100_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offsetMs);
  }
  return new Date(epochMs + offsetMs).toISOString();
}

/**
 * Minutes after the search time T in which the service must be open, from the disposition group's time frame
 * D (§5.5 step 5): D = 0 or none → 60; 0 < D ≤ 30 → 30; 30 < D ≤ 60 → D; D > 60 → D − 60.
 */
export function sessionWindowMinutes(timeFrameMinutes: number | undefined): number {
  const d = timeFrameMinutes ?? 0;
  if (d <= 0) return 60;
  if (d <= 30) return 30;
  if (d <= 60) return d;
  return d - 60;
}

/** A service must not close within this many minutes of the search time. */
export const MINIMUM_MINUTES_BEFORE_CLOSING = 30;

type Opening = Pick<SimService, "openAllHours" | "rota" | "specifiedDates">;

/**
 * The sessions (local minutes) that apply to a service on a day, by DoS's precedence (§5.5 step 5, §5.8):
 * specified dates (00:00–00:00 = closed) > open all hours > bank-holiday sessions on an England bank holiday
 * (none = closed that day) > the weekly rota.
 */
export function sessionsOn(service: Opening, day: LocalDay): { startMinute: number; endMinute: number }[] {
  if (service.specifiedDates.length > 0) {
    const specified = service.specifiedDates.filter((entry) => entry.date === day.date);
    if (specified.length > 0) return specified.filter((entry) => entry.endMinute > entry.startMinute);
  }
  if (service.openAllHours) return [{ startMinute: 0, endMinute: 1440 }];
  const rotaDay: SimDay = day.bankHoliday ? "Bankholiday" : day.weekday;
  return service.rota.filter((session) => session.day === rotaDay);
}

/** The instants a search's opening-time check needs, computed once per search. */
export interface SessionWindow {
  searchMs: number;
  /** The last instant at which an opening may start. */
  windowEndMs: number;
  /** The earliest acceptable closing time: T + 30 minutes. */
  closeNoEarlierThanMs: number;
  searchDay: LocalDay;
}

export function sessionWindow(
  searchMs: number,
  windowMinutes: number,
  calendar: LondonCalendar,
): SessionWindow {
  return {
    searchMs,
    windowEndMs: searchMs + windowMinutes * MINUTE,
    closeNoEarlierThanMs: searchMs + MINIMUM_MINUTES_BEFORE_CLOSING * MINUTE,
    searchDay: calendar.dayAt(searchMs),
  };
}

/**
 * Whether the service can take a patient in the session window.
 *
 * Reading of the rules (docs: "must be open at some point within the calculated session time … there is no
 * minimum timeframe" and "must not be closing within 30 minutes of the search time"): sessions that touch,
 * including across midnight (…–23:59 then 00:00–…), form one opening; the service qualifies when some opening
 * starts no later than the window's end (touching the end counts) and closes no earlier than T + 30 minutes.
 * So a service closing at T + 20 is out even though it is open at T, and one opening at T + 45 in a 60-minute
 * window is in.
 */
export function isOpenForWindow(service: Opening, window: SessionWindow, calendar: LondonCalendar): boolean {
  const { windowEndMs, closeNoEarlierThanMs } = window;
  const horizon = Math.max(windowEndMs, closeNoEarlierThanMs);
  const qualifies = (start: number, end: number): boolean =>
    start <= windowEndMs && end >= closeNoEarlierThanMs;

  // Extending an opening only moves its end later, so the first opening that qualifies settles it.
  let openStart = NaN;
  let openEnd = NaN;
  for (let day = window.searchDay; day.startMs <= horizon; day = calendar.next(day)) {
    const sessions = sessionsOn(service, day);
    if (sessions.length > 1) sessions.sort((a, b) => a.startMinute - b.startMinute);
    for (const session of sessions) {
      const start = calendar.instant(day, session.startMinute);
      const end = calendar.instant(day, session.endMinute);
      if (end <= start) continue;
      if (start <= openEnd) {
        if (end > openEnd) openEnd = end;
      } else {
        if (start > windowEndMs) return false;
        openStart = start;
        openEnd = end;
      }
      if (qualifies(openStart, openEnd)) return true;
    }
  }
  return false;
}
