import { DateTime } from "luxon";
import { isEnglandBankHoliday } from "../../src/reference";
import { OpeningDay, type OpeningSession } from "../../src/graphql/service/opening-times.type";
import { openingStatus, type OpeningRules } from "../../src/graphql/service/opening-hours";

const weekdays9to5: OpeningSession[] = [
  OpeningDay.MONDAY,
  OpeningDay.TUESDAY,
  OpeningDay.WEDNESDAY,
  OpeningDay.THURSDAY,
  OpeningDay.FRIDAY,
].map(day => ({ day, opens: "09:00", closes: "17:00" }));

function rules(overrides: Partial<OpeningRules> = {}): OpeningRules {
  return { openAllHours: false, openingTimes: weekdays9to5, specifiedOpeningTimes: [], ...overrides };
}

describe("openingStatus (Europe/London)", () => {
  it("is open inside a rota session and closed outside it, with the next opening", () => {
    // Wednesday 2024-07-03, BST (UTC+1): 10:00 local is 09:00Z.
    expect(openingStatus(rules(), new Date("2024-07-03T09:00:00Z"))).toEqual({ openNow: true, nextOpen: null });
    // 08:59 local: opens at 09:00 local = 08:00Z the same day.
    expect(openingStatus(rules(), new Date("2024-07-03T07:59:00Z"))).toEqual({
      openNow: false,
      nextOpen: new Date("2024-07-03T08:00:00Z"),
    });
    // 17:00 local is closing time (end exclusive): next opening is Thursday 09:00 local.
    expect(openingStatus(rules(), new Date("2024-07-03T16:00:00Z"))).toEqual({
      openNow: false,
      nextOpen: new Date("2024-07-04T08:00:00Z"),
    });
  });

  it("uses GMT in winter", () => {
    // Wednesday 2024-01-10 09:30 GMT.
    expect(openingStatus(rules(), new Date("2024-01-10T09:30:00Z")).openNow).toBe(true);
    const beforeOpening = openingStatus(rules(), new Date("2024-01-10T08:30:00Z"));
    expect(beforeOpening.nextOpen).toEqual(new Date("2024-01-10T09:00:00Z"));
  });

  it("skips the weekend to Monday", () => {
    // Saturday 2024-07-06 12:00 local → Monday 2024-07-08 09:00 local.
    expect(openingStatus(rules(), new Date("2024-07-06T11:00:00Z"))).toEqual({
      openNow: false,
      nextOpen: new Date("2024-07-08T08:00:00Z"),
    });
  });

  it("closes on an England bank holiday unless the service has bank-holiday sessions", () => {
    // Monday 2024-05-06 is the early May bank holiday.
    const bankHolidayNoon = new Date("2024-05-06T11:00:00Z");
    expect(openingStatus(rules(), bankHolidayNoon)).toEqual({
      openNow: false,
      nextOpen: new Date("2024-05-07T08:00:00Z"),
    });
    const withBankHolidaySession = rules({
      openingTimes: [...weekdays9to5, { day: OpeningDay.BANK_HOLIDAY, opens: "10:00", closes: "14:00" }],
    });
    expect(openingStatus(withBankHolidaySession, bankHolidayNoon).openNow).toBe(true);
  });

  it("lets a specified date win over the rota and over open-all-hours", () => {
    const christmasClosed = { date: "2024-12-25", opens: "00:00", closes: "00:00", closed: true };
    const allHours = rules({ openAllHours: true, specifiedOpeningTimes: [christmasClosed] });
    expect(openingStatus(allHours, new Date("2024-12-24T23:00:00Z")).openNow).toBe(true);
    expect(openingStatus(allHours, new Date("2024-12-25T12:00:00Z"))).toEqual({
      openNow: false,
      nextOpen: new Date("2024-12-26T00:00:00Z"),
    });

    // Sunday 2024-07-07 is not in the rota, but a specified session opens it.
    const sundayClinic = rules({
      specifiedOpeningTimes: [{ date: "2024-07-07", opens: "10:00", closes: "12:00", closed: false }],
    });
    expect(openingStatus(sundayClinic, new Date("2024-07-07T09:30:00Z")).openNow).toBe(true);
  });

  it("reads a 23:59 closing time as midnight", () => {
    const lateNight = rules({ openingTimes: [{ day: OpeningDay.FRIDAY, opens: "20:00", closes: "23:59" }] });
    // Friday 2024-07-05 23:59:30 local.
    expect(openingStatus(lateNight, new Date("2024-07-05T22:59:30Z")).openNow).toBe(true);
  });

  it("gives no next opening when the service does not open within the lookahead", () => {
    expect(openingStatus(rules({ openingTimes: [] }), new Date("2024-07-03T09:00:00Z"))).toEqual({
      openNow: false,
      nextOpen: null,
    });
  });
});

/**
 * The tz database's answer for the same rules: wall times resolved with luxon (which reads Node's ICU tz data),
 * the way the subgraph did before it switched to plain arithmetic for speed. An independent oracle.
 */
function luxonStatus(r: OpeningRules, now: Date): { openNow: boolean; nextOpen: Date | null } {
  const instant = DateTime.fromJSDate(now, { zone: "Europe/London" });
  const today = instant.startOf("day");
  const minutes = (t: string) => {
    const [h, m] = t.split(":").map(Number);
    return h * 60 + m === 23 * 60 + 59 ? 1440 : h * 60 + m;
  };
  const at = (day: DateTime, minute: number) =>
    minute >= 1440 ? day.plus({ days: 1 }) : day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
  const rota = [OpeningDay.MONDAY, OpeningDay.TUESDAY, OpeningDay.WEDNESDAY, OpeningDay.THURSDAY, OpeningDay.FRIDAY, OpeningDay.SATURDAY, OpeningDay.SUNDAY];
  for (let offset = 0; offset <= 14; offset++) {
    const day = today.plus({ days: offset });
    const iso = day.toISODate()!;
    const specified = r.specifiedOpeningTimes.filter(time => time.date === iso);
    let intervals: number[][];
    if (specified.length) intervals = specified.some(t => t.closed) ? [] : specified.map(t => [minutes(t.opens), minutes(t.closes)]);
    else if (r.openAllHours) intervals = [[0, 1440]];
    else {
      const rotaDay = isEnglandBankHoliday(iso) ? OpeningDay.BANK_HOLIDAY : rota[day.weekday - 1];
      intervals = r.openingTimes.filter(s => s.day === rotaDay).map(s => [minutes(s.opens), minutes(s.closes)]);
    }
    for (const [start, end] of intervals.filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0])) {
      if (at(day, start) > instant) return { openNow: false, nextOpen: at(day, start).toJSDate() };
      if (instant < at(day, end)) return { openNow: true, nextOpen: null };
    }
  }
  return { openNow: false, nextOpen: null };
}

describe("openingStatus agrees with the tz database", () => {
  it("for thousands of instants around every clock change of 2025-2028, over rotas with night-time sessions", () => {
    const night: OpeningSession[] = Object.values(OpeningDay).flatMap(day => [
      { day, opens: "00:30", closes: "01:30" },
      { day, opens: "01:45", closes: "02:15" },
      { day, opens: "08:00", closes: "23:59" },
    ]);
    const samples = [rules(), rules({ openingTimes: night }), rules({ openingTimes: night.slice(3, 9) })];
    let compared = 0;
    for (const year of [2025, 2026, 2027, 2028]) {
      for (const month of [2, 9]) {
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const change = Date.UTC(year, month + 1, 0) - lastDay.getUTCDay() * 86_400_000 + 3_600_000;
        for (let minutes = -3 * 24 * 60; minutes <= 3 * 24 * 60; minutes += 17) {
          const now = new Date(change + minutes * 60_000);
          for (const sample of samples) {
            expect({ now, status: openingStatus(sample, now) }).toEqual({ now, status: luxonStatus(sample, now) });
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });
});
