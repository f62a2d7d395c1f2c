import { DateTime } from "luxon";
import {
  addLondonMonths,
  formatLondonWallTime,
  londonWallToUtc,
  parseLondonDateTime,
} from "../../src/reference/londonTime";

const ZONE = "Europe/London";

/** Instants every 7 minutes for three days around each clock change of 2025-2028, plus month ends and leap days. */
function instants(): number[] {
  const out: number[] = [];
  for (const year of [2025, 2026, 2027, 2028]) {
    for (const month of [2, 9]) {
      const lastDay = Date.UTC(year, month + 1, 0);
      const change = lastDay - new Date(lastDay).getUTCDay() * 86_400_000 + 3_600_000;
      for (let minute = -36 * 60; minute <= 36 * 60; minute += 7) out.push(change + minute * 60_000);
    }
  }
  out.push(Date.UTC(2028, 1, 29, 12), Date.UTC(2027, 0, 31, 23, 30), Date.UTC(2026, 7, 31, 22, 45));
  return out;
}

describe("London time without a tz library agrees with luxon (tz database)", () => {
  it("formats instants as London wall time and adds calendar months", () => {
    for (const utc of instants()) {
      const luxon = DateTime.fromMillis(utc, { zone: ZONE });
      expect({ utc, wall: formatLondonWallTime(utc) }).toEqual({ utc, wall: luxon.toFormat("yyyy-MM-dd'T'HH:mm:ss") });
      expect({ utc, plus12: addLondonMonths(utc, 12) }).toEqual({ utc, plus12: luxon.plus({ months: 12 }).toMillis() });
    }
  });

  it("reads DoS wall times (gap and overlap included) and ISO times with offsets", () => {
    for (const utc of instants()) {
      const text = DateTime.fromMillis(utc, { zone: "utc" }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      // DoS writes London wall time without an offset; read every such text, including non-existent ones.
      const expected = DateTime.fromISO(text, { zone: ZONE, setZone: false });
      // luxon resolves an ambiguous (autumn) wall time from the offset of "now"; ours takes the earlier instant.
      const earlier = DateTime.fromISO(text, { zone: ZONE }).minus({ hours: 1 });
      const ambiguous = earlier.toFormat("yyyy-MM-dd'T'HH:mm:ss") === text && earlier.offset !== expected.offset;
      const wanted = ambiguous ? earlier.toMillis() : expected.toMillis();
      expect({ text, at: parseLondonDateTime(text)?.getTime() }).toEqual({ text, at: wanted });
    }
    expect(parseLondonDateTime("2026-07-15T09:30:00+02:00")).toEqual(new Date("2026-07-15T07:30:00Z"));
    expect(parseLondonDateTime("2026-07-15T09:30:00.250Z")).toEqual(new Date("2026-07-15T09:30:00.250Z"));
    expect(parseLondonDateTime("2026-07-15T09:30")).toEqual(new Date("2026-07-15T08:30:00Z"));
    for (const bad of ["yesterday", "2026-02-30T10:00:00", "2026-07-15T24:00:00", "2026-07-15 09:30:00", ""]) {
      expect(parseLondonDateTime(bad)).toBeUndefined();
    }
    expect(londonWallToUtc(Date.UTC(2026, 2, 29, 1, 30))).toBe(Date.UTC(2026, 2, 29, 1, 30)); // gap: 02:30 BST
  });
});
