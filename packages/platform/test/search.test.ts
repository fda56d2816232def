import { describe, expect, it } from 'vitest';
import { MAX_PREFIX, queryTerms, searchFilter, searchTermsOf, searchWords, textKey } from '../src/index.ts';

describe('search words', () => {
  it('are lower case without accents, split at anything not a letter or digit', () => {
    expect(searchWords('Café Crème: Brûlée-101!')).toEqual(['cafe', 'creme', 'brulee', '101']);
    expect(searchWords('  ...  ')).toEqual([]);
  });

  it('keep letters of other scripts and ß as letters', () => {
    expect(searchWords('Straße Ελληνικά 日本語')).toEqual(['straße', 'ελληνικα', '日本語']);
  });
});

describe('stored search terms', () => {
  it('hold each word and its prefixes from two letters, once', () => {
    expect(searchTermsOf(['Python', 'py']).sort()).toEqual(['py', 'pyt', 'pyth', 'pytho', 'python'].sort());
  });

  it('stop prefixes at MAX_PREFIX letters but keep the whole word', () => {
    const word = 'a'.repeat(MAX_PREFIX + 5);
    const terms = searchTermsOf([word]);
    expect(terms).toContain(word);
    expect(terms).toContain(word.slice(0, MAX_PREFIX));
    expect(terms).not.toContain(word.slice(0, MAX_PREFIX + 1));
  });
});

describe('query terms', () => {
  it('are the query words, each once, matched by a stored term', () => {
    expect(queryTerms('PYTH  pyth, Pyth')).toEqual(['pyth']);
    expect(searchTermsOf(['Python for Data'])).toEqual(expect.arrayContaining(queryTerms('pyth DATA')));
  });

  it('cut a word longer than MAX_PREFIX to the prefix that is stored', () => {
    const word = 'b'.repeat(MAX_PREFIX + 3);
    expect(queryTerms(word)).toEqual([word.slice(0, MAX_PREFIX)]);
  });
});

describe('search filters', () => {
  it('ask for documents holding every query term', () => {
    expect(searchFilter('Data  science')).toEqual({ searchTerms: { $all: ['data', 'science'] } });
  });

  it('are absent for no query or a query without words', () => {
    expect(searchFilter(null)).toBeUndefined();
    expect(searchFilter('')).toBeUndefined();
    expect(searchFilter(' -- !! ')).toBeUndefined();
  });
});

describe('text keys', () => {
  it('compare short texts case-, accent- and punctuation-insensitively', () => {
    expect(textKey('Oscilloscope (4-ch)')).toBe('oscilloscope 4 ch');
    expect(textKey('Développement WEB')).toBe(textKey('developpement web'));
  });
});
