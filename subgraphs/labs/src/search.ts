/**
 * Lab search the way catalog searches courses (ARCHITECTURE.md §3): no text index, no regular
 * expression scan. A lab stores each normalised word of its searchable text together with that
 * word's leading fragments in one multikey-indexed array; a query names the words it needs and
 * matches with $all, which the index serves.
 */

/** Fragments longer than this add terms but hardly narrow a result; query words are cut to it too. */
export const LONGEST_FRAGMENT = 20;
const SHORTEST_FRAGMENT = 2;

/** Words of a text: accents removed, lower case, split at every character that is not a letter or digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** What a lab stores: every word of the texts and its leading fragments of 2 to LONGEST_FRAGMENT characters. */
export function indexTerms(texts: string[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const word of words(text)) {
      terms.add(word);
      const longest = Math.min(word.length - 1, LONGEST_FRAGMENT);
      for (let length = SHORTEST_FRAGMENT; length <= longest; length += 1) terms.add(word.slice(0, length));
    }
  }
  return [...terms];
}

/** What a query asks for: each of its words, cut to LONGEST_FRAGMENT (the longest fragment stored). */
export function searchTerms(query: string): string[] {
  return [...new Set(words(query).map((word) => word.slice(0, LONGEST_FRAGMENT)))];
}

/** A piece of equipment as the filter compares it: its words, space separated ("Oscilloscope (4-ch)" → "oscilloscope 4 ch"). */
export const equipmentKey = (item: string): string => words(item).join(' ');
