/**
 * Search without text indexes or regex scans (docs/architecture.md §3, "Search"): a document stores every
 * normalised word of its searchable text plus the word's prefixes in one multikey-indexed array
 * (`searchTerms`), and a query asks for documents holding all of the query's terms ($all equality,
 * served by the index).
 */

/** Longer prefixes add terms without narrowing results much; query words are cut to the same length. */
export const MAX_PREFIX = 20;
const MIN_PREFIX = 2;

/** Lower case, diacritics stripped (é → e, ß stays a letter), split on anything not a letter or digit. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** What a document stores: every word of the texts and its prefixes of MIN_PREFIX..MAX_PREFIX characters, without duplicates. */
export function searchTermsOf(texts: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const word of texts.flatMap(searchWords)) {
    terms.add(word);
    for (let n = MIN_PREFIX; n < word.length && n <= MAX_PREFIX; n += 1) terms.add(word.slice(0, n));
  }
  return [...terms];
}

/** The terms a query must all match; a word longer than MAX_PREFIX is matched by its stored prefix. */
export function queryTerms(search: string): string[] {
  return [...new Set(searchWords(search).map((word) => word.slice(0, MAX_PREFIX)))];
}

/** The filter a search asks for: documents holding every query term; undefined when the query has no words. */
export function searchFilter(search: string | null | undefined): { searchTerms: { $all: string[] } } | undefined {
  const terms = search ? queryTerms(search) : [];
  return terms.length > 0 ? { searchTerms: { $all: terms } } : undefined;
}

/** A short text (a category, a piece of equipment) compared case-, accent- and punctuation-insensitively: its words, space separated. */
export const textKey = (text: string): string => searchWords(text).join(' ');
