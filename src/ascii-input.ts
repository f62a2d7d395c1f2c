/**
 * Canonical forms of formatted string input (postcodes, ODS codes, Dx codes, service ids, caseRef), issue 12 §4.
 *
 * The only normalisations are ASCII ones: leading and trailing ASCII whitespace (space, tab, LF, FF, CR) is
 * trimmed, ASCII spaces inside a postcode are collapsed, and ASCII letters change case. Nothing Unicode-aware
 * ever runs on client input: `String.prototype.trim` and `\s` also strip line/paragraph separators, no-break and
 * ideographic spaces, and `toUpperCase` folds `ſ` to `S`, `ı` to `I` and `ﬀ` to `FF`, which would turn text that
 * is not a postcode or a code into one and send it to DoS. So each parser first checks that every character is
 * one its format allows, with an ASCII-only pattern (no `u` or `i` flag), and upper-cases after that check.
 */

/** Longest raw input a parser looks at: past it the value is refused without being scanned. */
export const MAX_RAW_INPUT = 128;

/** `value` without leading and trailing ASCII whitespace; nothing else is removed. Linear, no regular expression. */
export function trimAsciiWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isAsciiWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * `value` trimmed of ASCII whitespace when, trimmed, it matches `format` (an anchored ASCII-only pattern);
 * undefined otherwise, and for any value longer than MAX_RAW_INPUT (refused unscanned).
 */
export function asciiFormatted(value: string, format: RegExp): string | undefined {
  if (value.length > MAX_RAW_INPUT) return undefined;
  const trimmed = trimAsciiWhitespace(value);
  return format.test(trimmed) ? trimmed : undefined;
}

function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}
