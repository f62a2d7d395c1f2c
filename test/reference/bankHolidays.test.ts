import fs from "node:fs";

import { DateTime } from "luxon";

import {
  dosPublicHolidays,
  easterSunday,
  englandBankHolidays,
  isEnglandBankHoliday,
} from "../../src/reference";
import { sharedPath } from "../helpers/shared";

/**
 * DoS's `publicholidays` rows. DoS stores each holiday as the UTC instant of midnight in Europe/London
 * (`2019-04-18 23:00:00+00` is Good Friday 19 April, in summer time), so convert back to the London date.
 */
function dosPublicHolidayRows(): { date: string; name: string }[] {
  const sql = fs.readFileSync(sharedPath("reference", "dos", "data", "ftrs-pathwaysdos-metadata.sql"), "utf8");
  const insert = /^INSERT INTO pathwaysdos\.publicholidays VALUES \(\d+, '([^']+)', '((?:[^']|'')*)'\);$/gm;
  return [...sql.matchAll(insert)].map(([, instant, name]) => {
    const london = DateTime.fromISO(`${instant.replace(" ", "T")}:00`).setZone("Europe/London");
    if (london.toFormat("HH:mm:ss") !== "00:00:00") throw new Error(`${instant} is not a London midnight`);
    return { date: london.toISODate() as string, name: name.replace(/''/g, "'") };
  });
}

const byDate = (a: { date: string }, b: { date: string }) => a.date.localeCompare(b.date);

describe("England bank holidays", () => {
  const dosRows = dosPublicHolidayRows();

  it("reads DoS's table as London dates (70 rows, 2018-12-25 to 2025-12-26)", () => {
    expect(dosRows).toHaveLength(70);
    expect(dosRows.map((row) => row.date).sort()[0]).toBe("2018-12-25");
    expect(dosRows).toContainEqual({ date: "2024-03-29", name: "Good Friday" }); // stored in GMT: 00:00+00
  });

  it.each([2019, 2020, 2021, 2022, 2023, 2024, 2025])(
    "%i equals DoS's table less its Easter Sunday and weekend Christmas Day rows (not bank holidays)",
    (year) => {
      const dosYear = dosRows.filter((row) => row.date.startsWith(`${year}-`));
      const isWeekend = (date: string) => [0, 6].includes(new Date(date).getUTCDay());
      const bankHolidays = dosYear.filter(
        (row) => row.name !== "Easter Sunday" && !(row.name === "Christmas Day" && isWeekend(row.date)),
      );
      expect([...englandBankHolidays(year)]).toEqual(bankHolidays.sort(byDate));
      expect([...dosPublicHolidays(year)]).toEqual([...dosYear].sort(byDate));
    },
  );

  it("has DoS's 2018 Christmas rows (the table starts in December 2018)", () => {
    const dos2018 = dosRows.filter((row) => row.date.startsWith("2018-"));
    expect(englandBankHolidays(2018).filter((h) => h.date >= "2018-12-01")).toEqual(dos2018);
  });

  it.each([
    [2026, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]],
    [2027, ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"]],
  ])("matches gov.uk's published dates for %i", (year, dates) => {
    expect(englandBankHolidays(year).map((h) => h.date)).toEqual(dates.map((date) => `${year}-${date}`));
  });

  it("applies the substitute-day rules for weekend New Year's, Christmas and Boxing Days", () => {
    // 2022: New Year Saturday → Mon 3 Jan. 2022: Christmas Sunday → Boxing Day Mon 26, Christmas Tue 27.
    expect(englandBankHolidays(2022).filter((h) => /^2022-(01|12)/.test(h.date))).toEqual([
      { date: "2022-01-03", name: "New Year's Day (substitute day)" },
      { date: "2022-12-26", name: "Boxing Day" },
      { date: "2022-12-27", name: "Christmas Day (substitute day)" },
    ]);
    // 2032: Christmas Saturday → Mon 27 and Tue 28. 2037: Christmas Friday, Boxing Day Saturday → Mon 28.
    expect(englandBankHolidays(2032).slice(-2).map((h) => h.date)).toEqual(["2032-12-27", "2032-12-28"]);
    expect(englandBankHolidays(2037).slice(-2).map((h) => h.date)).toEqual(["2037-12-25", "2037-12-28"]);
    // 2028: New Year Saturday → Mon 3 Jan; 2023: New Year Sunday → Mon 2 Jan.
    expect(englandBankHolidays(2028)[0].date).toBe("2028-01-03");
    expect(englandBankHolidays(2023)[0].date).toBe("2023-01-02");
  });

  it("has eight holidays in a regular year, Mondays for the May and August ones", () => {
    for (let year = 2018; year <= 2040; year += 1) {
      const holidays = englandBankHolidays(year);
      const mondays = holidays.filter((h) => /^(Early May|Spring|Summer) bank holiday$/.test(h.name));
      if (year !== 2020 && year !== 2022) {
        expect(mondays.map((h) => new Date(h.date).getUTCDay())).toEqual([1, 1, 1]);
      }
      if (year !== 2020 && year !== 2022 && year !== 2023) expect(holidays).toHaveLength(8);
    }
  });

  it("computes Gregorian Easter", () => {
    // 2000-04-23, 2008-03-23 (early), 2038-04-25 (latest possible date), 2285-03-22 (earliest possible).
    expect(easterSunday(2000).toISOString().slice(0, 10)).toBe("2000-04-23");
    expect(easterSunday(2008).toISOString().slice(0, 10)).toBe("2008-03-23");
    expect(easterSunday(2038).toISOString().slice(0, 10)).toBe("2038-04-25");
    expect(easterSunday(2285).toISOString().slice(0, 10)).toBe("2285-03-22");
  });

  it("answers isEnglandBankHoliday for calendar dates and rejects anything else", () => {
    expect(isEnglandBankHoliday("2022-09-19")).toBe(true); // State Funeral
    expect(isEnglandBankHoliday("2023-05-08")).toBe(true); // Coronation
    expect(isEnglandBankHoliday("2020-05-08")).toBe(true); // VE Day, moved from Mon 4 May
    expect(isEnglandBankHoliday("2020-05-04")).toBe(false);
    expect(isEnglandBankHoliday("2022-05-30")).toBe(false); // Spring holiday moved to 2 June
    expect(isEnglandBankHoliday("2025-04-20")).toBe(false); // Easter Sunday
    expect(isEnglandBankHoliday("2026-12-28")).toBe(true);
    expect(() => isEnglandBankHoliday("2026-02-30")).toThrow(RangeError);
    expect(() => isEnglandBankHoliday("2026-12-28T00:00:00Z")).toThrow(RangeError);
    expect(() => englandBankHolidays(1970)).toThrow(RangeError);
  });
});
