/**
 * Error messages quote the caller's input (graphql-js: `Cannot query field "…"`, `Unknown
 * operation named "…"`, `got invalid value "…"`). A hostile caller sends names and values of
 * megabytes, so a message may quote a few dozen characters of input and no more: otherwise one
 * request makes the server build, log and send its own input back several times over.
 */
export const MAX_QUOTED_CHARS = 32;
/** Past this a message is cut whatever its shape (an object of ten thousand short keys). */
export const MAX_MESSAGE_CHARS = 400;

const ELLIPSIS = '…';

/** `value` cut to `max` characters, marked with an ellipsis when cut. */
export function excerpt(value: string, max = MAX_QUOTED_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}${ELLIPSIS}`;
}

// A quoted run (double quotes, as graphql-js prints names and strings) or any unbroken run of
// characters (a number literal, a token) long enough to be someone's input rather than our prose.
const QUOTED = new RegExp(String.raw`"((?:[^"\\]|\\.){${MAX_QUOTED_CHARS + 1},})"`, 'g');
const UNBROKEN = new RegExp(String.raw`[^\s"]{${MAX_QUOTED_CHARS + 1},}`, 'g');

/** The message with every long quotation and unbroken run shortened, and the whole bounded. */
export function withoutLongEchoes(message: string): string {
  // Cut first so that the expressions below never scan a megabyte.
  const bounded = message.length > MAX_MESSAGE_CHARS * 4 ? message.slice(0, MAX_MESSAGE_CHARS * 4) : message;
  const shortened = bounded
    .replace(QUOTED, (_whole, inner: string) => `"${excerpt(inner)}"`)
    .replace(UNBROKEN, (run) => excerpt(run));
  return excerpt(shortened, MAX_MESSAGE_CHARS);
}
