/**
 * Error messages quote the caller's input (graphql-js: `Cannot query field "…"`, `Unknown
 * operation named "…"`, `got invalid value "…"`). A hostile caller sends names and values of
 * megabytes, so a message may quote a few dozen characters of input and no more: otherwise one
 * request makes the server build, log and send its own input back several times over.
 */
// Enough for any id of ours (36) and a date; short of a token, a padded name or a document.
export const MAX_QUOTED_CHARS = 48;
/** Past this a message is cut whatever its shape (an object of ten thousand short keys). */
export const MAX_MESSAGE_CHARS = 400;

const ELLIPSIS = '…';

/** `value` cut to `max` characters, marked with an ellipsis when cut. */
export function excerpt(value: string, max = MAX_QUOTED_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}${ELLIPSIS}`;
}

/**
 * Every double-quoted part (graphql-js quotes names and values in pairs, escaping quotes inside
 * with a backslash) cut to MAX_QUOTED_CHARS; an unterminated one too. Scanned pair by pair from
 * the left, so that our prose between two quotations is never mistaken for one.
 */
function shortenQuotations(message: string): string {
  let out = '';
  let at = 0;
  while (at < message.length) {
    const open = message.indexOf('"', at);
    if (open < 0) return out + message.slice(at);
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === '\\' ? 2 : 1;
    out += `${message.slice(at, open + 1)}${excerpt(message.slice(open + 1, Math.min(close, message.length)))}`;
    if (close < message.length) out += '"';
    at = close + 1;
  }
  return out;
}

// Any unbroken run longer than a quotation may be (a number literal, a token): someone's input, not our prose.
const UNBROKEN = new RegExp(String.raw`[^\s"]{${MAX_QUOTED_CHARS + 2},}`, 'g');

/** The message with every long quotation and unbroken run shortened, and the whole bounded. */
export function withoutLongEchoes(message: string): string {
  return excerpt(shortenQuotations(message).replace(UNBROKEN, (run) => excerpt(run)), MAX_MESSAGE_CHARS);
}
