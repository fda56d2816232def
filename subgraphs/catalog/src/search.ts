/**
 * Course search without text indexes or regex scans: each course stores every normalised token
 * of its searchable text plus the token's prefixes, in one multikey-indexed array, and a query
 * asks for documents holding all of the query's tokens ($all equality, served by the index).
 */

/** Longer prefixes add terms without narrowing results much; queries are cut to the same length. */
export const MAX_PREFIX = 20;
const MIN_PREFIX = 2;

/** Lower case, diacritics stripped (é → e, ß stays a letter), split on anything not a letter or digit. */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** Every token and each of its prefixes of length MIN_PREFIX..MAX_PREFIX, without duplicates. */
export function searchTermsOf(texts: string[]): string[] {
  const terms = new Set<string>();
  for (const token of texts.flatMap(tokens)) {
    terms.add(token);
    for (let n = MIN_PREFIX; n < token.length && n <= MAX_PREFIX; n += 1) terms.add(token.slice(0, n));
  }
  return [...terms];
}

/** The terms a query must all match; a token longer than MAX_PREFIX is matched by its stored prefix. */
export function queryTerms(search: string): string[] {
  return [...new Set(tokens(search).map((t) => (t.length > MAX_PREFIX ? t.slice(0, MAX_PREFIX) : t)))];
}

/** A category compared case- and accent-insensitively. */
export const categoryKey = (category: string): string => tokens(category).join(' ');

/** A readable, URL-safe slug of a title; `course` when nothing readable is left. */
export function slugify(title: string): string {
  const slug = tokens(title).join('-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
  return slug || 'course';
}
