/**
 * Bank holidays in England (and Wales), computed from the rules rather than frozen as a table, so any year
 * works without a data refresh. Rules: Banking and Financial Dealings Act 1971, Schedule 1, with the dates
 * gov.uk publishes (https://www.gov.uk/bank-holidays): New Year's Day, Good Friday, Easter Monday, the first
 * and last Mondays of May, the last Monday of August, Christmas Day and Boxing Day. A New Year's, Christmas or
 * Boxing Day that falls on a weekend is replaced by the next weekday not already a holiday (the "substitute
 * day"). One-off changes by royal proclamation are listed in ONE_OFF_CHANGES and must be added there when a
 * new one is proclaimed.
 *
 * Scotland and Northern Ireland have different holidays; DoS is England-only, so only England's are here.
 */

export interface BankHoliday {
  /** Calendar date in England, `YYYY-MM-DD`. */
  date: string;
  /** gov.uk's name, e.g. "Boxing Day (substitute day)". */
  name: string;
}

/** The current pattern of holidays (early May Monday included) starts in 1978. */
export const FIRST_SUPPORTED_YEAR = 1978;

interface OneOffChange {
  /** Regular holidays (by name) that did not happen this year because they were moved. */
  remove: readonly string[];
  add: readonly BankHoliday[];
}

/**
 * Proclaimed changes to the regular pattern, by year. Sources: gov.uk/bank-holidays (2018 onwards) and the
 * proclamations reported there; the 2018–2025 ones also appear verbatim in DoS's own `publicholidays` table.
 */
const ONE_OFF_CHANGES: ReadonlyMap<number, OneOffChange> = new Map([
  // VE Day 50th anniversary: early May holiday moved from Mon 1 May to Mon 8 May.
  [
    1995,
    {
      remove: ["Early May bank holiday"],
      add: [{ date: "1995-05-08", name: "Early May bank holiday (VE day)" }],
    },
  ],
  [1999, { remove: [], add: [{ date: "1999-12-31", name: "Millennium Day" }] }],
  // Golden Jubilee: spring holiday moved from Mon 27 May to Tue 4 June, plus Mon 3 June.
  [
    2002,
    {
      remove: ["Spring bank holiday"],
      add: [
        { date: "2002-06-03", name: "Golden Jubilee bank holiday" },
        { date: "2002-06-04", name: "Spring bank holiday" },
      ],
    },
  ],
  [2011, { remove: [], add: [{ date: "2011-04-29", name: "Royal wedding" }] }],
  // Diamond Jubilee: spring holiday moved from Mon 28 May to Mon 4 June, plus Tue 5 June.
  [
    2012,
    {
      remove: ["Spring bank holiday"],
      add: [
        { date: "2012-06-04", name: "Spring bank holiday" },
        { date: "2012-06-05", name: "Queen's Diamond Jubilee" },
      ],
    },
  ],
  // VE Day 75th anniversary: early May holiday moved from Mon 4 May to Fri 8 May.
  [
    2020,
    {
      remove: ["Early May bank holiday"],
      add: [{ date: "2020-05-08", name: "Early May bank holiday (VE day)" }],
    },
  ],
  // Platinum Jubilee: spring holiday moved from Mon 30 May to Thu 2 June, plus Fri 3 June; State Funeral.
  [
    2022,
    {
      remove: ["Spring bank holiday"],
      add: [
        { date: "2022-06-02", name: "Spring bank holiday" },
        { date: "2022-06-03", name: "Platinum Jubilee bank holiday" },
        { date: "2022-09-19", name: "Bank Holiday for the State Funeral of Queen Elizabeth II" },
      ],
    },
  ],
  [
    2023,
    { remove: [], add: [{ date: "2023-05-08", name: "Bank holiday for the coronation of King Charles III" }] },
  ],
]);

const cache = new Map<number, readonly BankHoliday[]>();

/** England's bank holidays in `year`, in date order. Throws RangeError before FIRST_SUPPORTED_YEAR. */
export function englandBankHolidays(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9999) {
    throw new RangeError(`England bank holidays are computed for ${FIRST_SUPPORTED_YEAR}–9999, not ${year}`);
  }
  let holidays = cache.get(year);
  if (!holidays) {
    holidays = Object.freeze(computeYear(year).map((holiday) => Object.freeze(holiday)));
    cache.set(year, holidays);
  }
  return holidays;
}

/** Whether a calendar date (`YYYY-MM-DD`) is a bank holiday in England. Throws RangeError on another format. */
export function isEnglandBankHoliday(isoDate: string): boolean {
  const year = parseIsoDate(isoDate).getUTCFullYear();
  return englandBankHolidays(year).some((holiday) => holiday.date === isoDate);
}

/**
 * The days DoS's own `publicholidays` table lists for a year: England's bank holidays plus Easter Sunday, plus
 * Christmas Day itself when it falls on a weekend and a substitute day replaces it. DoS uses these for
 * services' "Bankholiday" opening times; a simulator that mimics DoS wants this list, everything else wants
 * englandBankHolidays (which follows gov.uk).
 */
export function dosPublicHolidays(year: number): readonly BankHoliday[] {
  const extra: BankHoliday[] = [{ date: toIsoDate(easterSunday(year)), name: "Easter Sunday" }];
  const christmas = utcDate(year, 12, 25);
  if (isWeekend(christmas)) extra.push({ date: toIsoDate(christmas), name: "Christmas Day" });
  return [...englandBankHolidays(year), ...extra].sort((a, b) => a.date.localeCompare(b.date));
}

// Private: the regular pattern for a year, then that year's proclaimed changes.
function computeYear(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  const regular: BankHoliday[] = [
    ...substituted([{ day: utcDate(year, 1, 1), name: "New Year's Day" }]),
    { date: toIsoDate(addDays(easter, -2)), name: "Good Friday" },
    { date: toIsoDate(addDays(easter, 1)), name: "Easter Monday" },
    { date: toIsoDate(firstMonday(year, 5)), name: "Early May bank holiday" },
    { date: toIsoDate(lastMonday(year, 5)), name: "Spring bank holiday" },
    { date: toIsoDate(lastMonday(year, 8)), name: "Summer bank holiday" },
    ...substituted([
      { day: utcDate(year, 12, 25), name: "Christmas Day" },
      { day: utcDate(year, 12, 26), name: "Boxing Day" },
    ]),
  ];
  const change = ONE_OFF_CHANGES.get(year);
  const holidays = change
    ? [...regular.filter((holiday) => !change.remove.includes(holiday.name)), ...change.add]
    : regular;
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

// Private: weekend fixed-date holidays move, in order, to the next weekday not already taken by a holiday.
function substituted(fixed: readonly { day: Date; name: string }[]): BankHoliday[] {
  const taken = new Set(fixed.filter(({ day }) => !isWeekend(day)).map(({ day }) => toIsoDate(day)));
  return fixed.map(({ day, name }) => {
    if (!isWeekend(day)) return { date: toIsoDate(day), name };
    let substitute = addDays(day, 1);
    while (isWeekend(substitute) || taken.has(toIsoDate(substitute))) substitute = addDays(substitute, 1);
    taken.add(toIsoDate(substitute));
    return { date: toIsoDate(substitute), name: `${name} (substitute day)` };
  });
}

/** Gregorian Easter Sunday (the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month, day);
}

// Private: calendar arithmetic on UTC midnights, so no local time zone or DST can shift a date.
function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

function isWeekend(date: Date): boolean {
  const weekday = date.getUTCDay();
  return weekday === 0 || weekday === 6;
}

function firstMonday(year: number, month: number): Date {
  const first = utcDate(year, month, 1);
  return addDays(first, (8 - first.getUTCDay()) % 7);
}

function lastMonday(year: number, month: number): Date {
  const last = utcDate(year, month + 1, 0);
  return addDays(last, -((last.getUTCDay() + 6) % 7));
}

function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseIsoDate(isoDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? utcDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  if (!date || toIsoDate(date) !== isoDate) {
    throw new RangeError(`Expected a calendar date YYYY-MM-DD, got "${isoDate}"`);
  }
  return date;
}
