import {
  isOpenForWindow,
  LondonCalendar,
  sessionsOn,
  sessionWindow,
  sessionWindowMinutes,
} from "../../../src/simulator/engine/opening";
import { isEnglandBankHoliday } from "../../../src/reference";
import {
  type RawCase,
  type SimRotaSession,
  type SimSearchResult,
  type SimService,
} from "../../../src/simulator/engine/types";
import { gpCase, london, professional, testEngine, typeIds } from "./fixtures";

type Opening = Pick<SimService, "openAllHours" | "rota" | "specifiedDates">;

const calendar = new LondonCalendar();
const minuteOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A service from sessions written as DoS shows them (`23:59` = to midnight). */
function opening(rota: [SimRotaSession["day"], string, string][], extra: Partial<Opening> = {}): Opening {
  return {
    openAllHours: false,
    specifiedDates: [],
    ...extra,
    rota: rota.map(([day, start, end]) => ({
      day,
      startMinute: minuteOf(start),
      endMinute: end === "23:59" ? 1440 : minuteOf(end),
    })),
  };
}

/** Whether the service takes a patient searched at a London wall-clock time with a disposition time frame. */
function openFor(service: Opening, localTime: string, timeFrameMinutes?: number): boolean {
  const window = sessionWindow(london(localTime).getTime(), sessionWindowMinutes(timeFrameMinutes), calendar);
  return isOpenForWindow(service, window, calendar);
}

/** Same, at an instant given in UTC (for DST, where wall-clock times repeat or do not exist). */
function openAtUtc(service: Opening, isoUtc: string, timeFrameMinutes?: number): boolean {
  const window = sessionWindow(Date.parse(isoUtc), sessionWindowMinutes(timeFrameMinutes), calendar);
  return isOpenForWindow(service, window, calendar);
}

describe("session window from the disposition time frame (spec §5.5 step 5)", () => {
  it.each([
    [undefined, 60],
    [0, 60],
    [8, 30],
    [30, 30],
    [31, 31],
    [60, 60],
    [120, 60],
    [1440, 1380],
    [20160, 20100],
  ])("D = %p → T..T+%i", (timeFrame, minutes) => {
    expect(sessionWindowMinutes(timeFrame)).toBe(minutes);
  });
});

describe("opening times (Wednesday 2026-06-10 unless stated)", () => {
  const wednesday = opening([["Wednesday", "09:00", "17:00"]]);

  it("is open when open at T and not closing within 30 minutes", () => {
    expect(openFor(wednesday, "2026-06-10T12:00")).toBe(true);
    expect(openFor(wednesday, "2026-06-10T16:30")).toBe(true); // closes exactly at T + 30
    expect(openFor(wednesday, "2026-06-10T16:31")).toBe(false); // closes at T + 29
    expect(openFor(wednesday, "2026-06-10T17:00")).toBe(false);
  });

  it("counts an opening that starts inside the window, up to and including its end", () => {
    expect(openFor(wednesday, "2026-06-10T08:00", 60)).toBe(true); // opens exactly at T + 60
    expect(openFor(wednesday, "2026-06-10T07:59", 60)).toBe(false); // opens at T + 61
    expect(openFor(wednesday, "2026-06-10T08:15", 20)).toBe(false); // window T..T+30 ends 08:45
    expect(openFor(wednesday, "2026-06-10T06:30", 240)).toBe(true); // window T..T+180 reaches 09:30
  });

  it("treats a lunch break as a gap: closing within 30 minutes fails unless it reopens in the window", () => {
    const split = opening([
      ["Wednesday", "09:00", "13:00"],
      ["Wednesday", "14:00", "18:00"],
    ]);
    expect(openFor(split, "2026-06-10T12:40", 60)).toBe(false); // closes 13:00, reopens after 13:40
    expect(openFor(split, "2026-06-10T12:40", 180)).toBe(true); // window T..T+120 reaches 14:40
  });

  describe("around midnight", () => {
    it("joins 20:00–23:59 and 00:00–08:00 into one overnight opening", () => {
      const overnight = opening([
        ["Wednesday", "20:00", "23:59"],
        ["Thursday", "00:00", "08:00"],
      ]);
      expect(openFor(overnight, "2026-06-10T23:45")).toBe(true);
      expect(openFor(overnight, "2026-06-11T07:40")).toBe(false); // closes 08:00, within 30 minutes
      const eveningOnly = opening([["Wednesday", "20:00", "23:59"]]);
      expect(openFor(eveningOnly, "2026-06-10T23:45")).toBe(false);
      expect(openFor(eveningOnly, "2026-06-10T23:30")).toBe(true); // closes at midnight = T + 30
    });

    it("looks into the next day when the window crosses midnight", () => {
      const earlyThursday = opening([["Thursday", "00:30", "06:00"]]);
      expect(openFor(earlyThursday, "2026-06-10T23:45", 60)).toBe(true);
      expect(openFor(earlyThursday, "2026-06-10T23:15", 60)).toBe(false);
    });

    it("uses bank-holiday sessions when the next day is a bank holiday (Christmas Day 2026, a Friday)", () => {
      const rota: [SimRotaSession["day"], string, string][] = [
        ["Thursday", "08:00", "22:00"],
        ["Friday", "00:00", "08:00"],
      ];
      expect(openFor(opening(rota), "2026-12-24T23:45")).toBe(false); // no Friday rota on the 25th
      expect(openFor(opening([...rota, ["Bankholiday", "00:00", "10:00"]]), "2026-12-24T23:45")).toBe(true);
      expect(openFor(opening(rota), "2026-12-17T23:45")).toBe(true); // an ordinary Thursday night
    });
  });

  describe("across DST changes (evaluated in real elapsed time)", () => {
    it("spring forward, 29 March 2026: 00:50 GMT to 02:10 BST is 20 minutes, not 80", () => {
      const closesAt0210 = opening([["Sunday", "00:00", "02:10"]]);
      expect(openAtUtc(closesAt0210, "2026-03-29T00:50:00Z")).toBe(false);
      expect(openAtUtc(closesAt0210, "2026-03-29T00:35:00Z")).toBe(true); // 35 minutes before 01:10Z
    });

    it("fall back, 25 October 2026: 01:50 BST to 02:15 GMT is 85 minutes, not 25", () => {
      const closesAt0215 = opening([["Sunday", "00:00", "02:15"]]);
      expect(openAtUtc(closesAt0215, "2026-10-25T00:50:00Z")).toBe(true);
      expect(openAtUtc(closesAt0215, "2026-10-25T01:50:00Z")).toBe(false); // 02:15 GMT is 25 minutes away
    });

    it("measures the window in elapsed time on the short night", () => {
      const opensAt0230 = opening([["Sunday", "02:30", "09:00"]]); // 02:30 BST = 01:30 UTC
      expect(openAtUtc(opensAt0230, "2026-03-29T00:30:00Z")).toBe(true); // 00:30 GMT; opens 60 minutes later
      expect(openAtUtc(opensAt0230, "2026-03-29T00:29:00Z")).toBe(false); // opens 61 minutes later
    });
  });

  describe("precedence: specified dates > open all hours > bank holiday > weekly rota", () => {
    const weekdays = opening([
      ["Monday", "08:00", "18:30"],
      ["Wednesday", "08:00", "18:30"],
      ["Saturday", "10:00", "12:00"],
    ]);

    it("closes on a specified 00:00-00:00 date and opens on specified special hours", () => {
      const closed = { ...weekdays, specifiedDates: [{ date: "2026-06-10", startMinute: 0, endMinute: 0 }] };
      expect(openFor(closed, "2026-06-10T10:00")).toBe(false);
      expect(openFor(closed, "2026-06-17T10:00")).toBe(true);
      const special = {
        ...weekdays,
        specifiedDates: [{ date: "2026-06-13", startMinute: 600, endMinute: 960 }],
      };
      expect(sessionsOn(special, calendar.day("2026-06-13"))).toEqual([
        expect.objectContaining({ startMinute: 600, endMinute: 960 }),
      ]);
      expect(openFor(special, "2026-06-13T11:45")).toBe(true); // specified 10:00–16:00 replaces 10:00–12:00
      expect(openFor(weekdays, "2026-06-13T11:45")).toBe(false);
    });

    it("lets a specified closure override open all hours", () => {
      const allHours = opening([], { openAllHours: true });
      expect(openFor(allHours, "2026-12-25T03:00")).toBe(true);
      const closedOnChristmasDay = {
        ...allHours,
        specifiedDates: [{ date: "2026-12-25", startMinute: 0, endMinute: 0 }],
      };
      expect(openFor(closedOnChristmasDay, "2026-12-25T03:00")).toBe(false);
      expect(openFor(closedOnChristmasDay, "2026-12-26T03:00")).toBe(true);
    });

    it("closes on a bank holiday without bank-holiday sessions (28 Dec 2026, substitute Boxing Day)", () => {
      expect(openFor(weekdays, "2026-12-28T10:00")).toBe(false);
      expect(openFor(weekdays, "2027-01-04T10:00")).toBe(true);
      const withBankHoliday = opening([
        ["Monday", "08:00", "18:30"],
        ["Bankholiday", "09:00", "13:00"],
      ]);
      expect(openFor(withBankHoliday, "2026-12-28T10:00")).toBe(true);
      expect(openFor(withBankHoliday, "2026-12-28T14:00")).toBe(false);
    });
  });
});

describe("opening times in searches", () => {
  const engine = testEngine();
  const isPractice = (s: SimService): boolean => s.serviceType.id === 100 && s.status === "active";
  // A practice in Leeds city centre: its registered patients get it as their (Home) practice.
  const practice = engine.services.find(
    (s) => isPractice(s) && s.specifiedDates.length === 0 && /^LS[12] /.test(s.postcode),
  )!;

  /** A primary-care search by one of the practice's patients, with the practice pinned GREEN. */
  function patientSearch(service: SimService, now: Date, overrides: RawCase = {}): SimSearchResult {
    engine.setCapacity(service.id, "GREEN");
    try {
      const raw = gpCase({ postcode: service.postcode, surgery: service.odsCode, ...overrides });
      return engine.checkCapacitySummary(raw, professional, now);
    } finally {
      engine.resetCapacity(service.id);
    }
  }
  const practiceIn = (result: SimSearchResult) =>
    result.services.find((s) => s.service.serviceType.id === 100);

  it("returns the home practice on a weekday morning but no practice on Christmas Day or 28 December", () => {
    expect(practiceIn(patientSearch(practice, london("2026-12-29T10:00")))?.name).toBe(
      `${practice.name} (Home)`,
    );
    for (const bankHoliday of ["2026-12-25T10:00", "2026-12-28T10:00"]) {
      expect(typeIds(patientSearch(practice, london(bankHoliday)))).not.toContain(100);
    }
  });

  it("drops a practice on its specified closure date and returns it a week later", () => {
    const isClosure = (d: { date: string; endMinute: number }) =>
      d.endMinute === 0 && d.date > "2026-06-20" && d.date < "2027-06-01" && !isEnglandBankHoliday(d.date);
    const closing = engine.services.find((s) => isPractice(s) && s.specifiedDates.some(isClosure))!;
    const closure = closing.specifiedDates.find(isClosure)!;
    const nextWeek = new Date(Date.parse(`${closure.date}T12:00:00Z`) + 7 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(
      patientSearch(closing, london(`${closure.date}T10:30`)).services.map((s) => s.service.id),
    ).not.toContain(closing.id);
    if (!isEnglandBankHoliday(nextWeek) && !closing.specifiedDates.some((d) => d.date === nextWeek)) {
      expect(practiceIn(patientSearch(closing, london(`${nextWeek}T10:30`)))?.service.id).toBe(closing.id);
    }
  });

  it("evaluates at a future searchDateTime: at 03:00 the practice is closed and out-of-hours open", () => {
    const night = patientSearch(practice, london("2026-06-10T10:00"), {
      searchDateTime: "2026-06-11T03:00:00",
    });
    expect(night.searchDateTime).toBe("2026-06-11T03:00:00");
    expect(typeIds(night)).not.toContain(100);
    expect(typeIds(night)).toContain(25);
  });
});
