/** Characters of a quoted value, or of an unbroken run of characters, an error message keeps. */
const KEPT = 24;
/** Longest unbroken run of non-space characters left as it is (longer: a value echoed without quotes). */
const LONGEST_WORD = 48;
/** Longest message a client receives. The subgraph's own messages are far shorter. */
export const MAX_MESSAGE_LENGTH = 300;

/**
 * An error message that echoes no more than a short prefix of any input (issue 12 §4). graphql-js quotes the
 * offending value in its coercion and validation messages, often twice ("Variable "$input" got invalid value
 * "…"; Int cannot represent non-integer value: "…""), so a 60 KB bad value came back 120 KB long. Here every
 * quoted string longer than 24 characters keeps its first 24 and an ellipsis, so does any run of more than 48
 * characters without a space (an object key graphql-js prints unquoted), and the whole message is cut at
 * MAX_MESSAGE_LENGTH. One linear pass; short messages without quotes come back unchanged.
 */
export function boundEchoes(message: string): string {
  let bounded = "";
  let at = 0;
  while (at < message.length) {
    const open = message.indexOf('"', at);
    if (open < 0) {
      bounded += shortenWords(message.slice(at));
      break;
    }
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === "\\" ? 2 : 1;
    if (close >= message.length) {
      bounded += shortenWords(message.slice(at));
      break;
    }
    bounded += shortenWords(message.slice(at, open + 1)) + shortened(message.slice(open + 1, close)) + '"';
    at = close + 1;
    if (bounded.length > MAX_MESSAGE_LENGTH) break;
  }
  return bounded.length > MAX_MESSAGE_LENGTH ? `${bounded.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : bounded;
}

function shortened(text: string): string {
  if (text.length <= KEPT) return text;
  let kept = text.slice(0, KEPT);
  // Never end inside an escape (`\u2028`) or between the halves of a surrogate pair.
  const escape = kept.lastIndexOf("\\");
  if (escape >= 0 && escape >= kept.length - 6) kept = kept.slice(0, escape);
  const last = kept.charCodeAt(kept.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
  return `${kept}…`;
}

function shortenWords(text: string): string {
  if (text.length <= LONGEST_WORD) return text;
  let result = "";
  let wordStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 0x20) {
      const word = text.slice(wordStart, i);
      result += word.length > LONGEST_WORD ? shortened(word) : word;
      if (i < text.length) result += " ";
      wordStart = i + 1;
    }
  }
  return result;
}
