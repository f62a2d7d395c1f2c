/**
 * What one DoS answer may hold (issue 12 §2). The real DoS returns at most a few dozen services per search, and
 * short fields; anything far beyond that is a fault or an attack, and must cost little and reach no caller.
 *
 * - Services: more than `maxServices` (`DOS_MAX_SERVICES`) in one answer fails the call with `DosBadResponse`
 *   before any of them is checked or mapped: never a silently shortened list presented as complete.
 * - Strings, per field kind (./wire.ts): a name, address, phone number, postcode, ODS code, URL or any other
 *   short field over SHORT_TEXT_CHARS, or free text over FREE_TEXT_CHARS, makes its list entry (a service, an
 *   endpoint, …) invalid: it is withheld and the caller told (`DOS_RESULTS_WITHHELD`). Outside a list entry it
 *   fails the answer. A list inside a service over MAX_NESTED_ENTRIES makes the service invalid too.
 * - The reader (./xml-reader.ts) refuses outright (DosBadResponse) any element nested deeper than MAX_DEPTH,
 *   more than MAX_ELEMENTS elements, and any single text run over MAX_RUN_CHARS.
 */

export const DEFAULT_MAX_SERVICES = 200;
/** Names, addresses, phone numbers, postcodes, ODS codes, URLs, codes and every other short field. */
export const SHORT_TEXT_CHARS = 1_000;
/** Free text: public-facing and referral information, endpoint comments, attribute descriptions and values, notes. */
export const FREE_TEXT_CHARS = 10_000;

/**
 * Entries of one list inside a service (endpoints, rota sessions, specified opening dates, attributes, age
 * ranges, capacity attributes); DoS's have a few dozen at most. A longer list makes the service invalid.
 */
export const MAX_NESTED_ENTRIES = 1_000;

/** The services of a decoded answer (before any check): its list's entries, however the decoder gave them. */
export function serviceCount(payload: unknown, list: string, entry: string): number {
  const entries = member(member(payload, list), entry);
  if (entries === undefined || entries === null) return 0;
  return Array.isArray(entries) ? entries.length : 1;
}

function member(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
