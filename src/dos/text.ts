/**
 * `text.trim()`, without its work for the usual DoS text, which has nothing to trim: trim removes only white
 * space and line terminators, and no printable ASCII character is either. The decoders call this for every
 * element of every response.
 */
export function trimmed(text: string): string {
  const last = text.length - 1;
  return last >= 0 && isPrintableAscii(text.charCodeAt(0)) && isPrintableAscii(text.charCodeAt(last))
    ? text
    : text.trim();
}

function isPrintableAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}
