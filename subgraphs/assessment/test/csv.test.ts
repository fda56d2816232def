import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/csv.ts';
import { skillsOf } from '../src/inputs.ts';

describe('a CSV cell', () => {
  it('is left as it is when it needs no quoting', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(null)).toBe('');
  });

  it('is quoted, its quotes doubled, when it holds a comma, a quote or a line break (RFC 4180)', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('that a spreadsheet would run as a formula is prefixed with an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`)).toMatch(/^"?'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('rows end with CRLF', () => {
    expect(toCsv([['a', 1], ['b', null]])).toBe('a,1\r\nb,\r\n');
  });
});

describe("an exercise's skills", () => {
  it('are trimmed, lowercase, inner spaces collapsed, each once', () => {
    expect(skillsOf(['  Linear   Algebra ', 'linear algebra', 'SQL'])).toEqual(['linear algebra', 'sql']);
    expect(skillsOf(undefined)).toEqual([]);
  });

  it('are refused when more than 10, longer than 40 characters or empty', () => {
    expect(() => skillsOf(Array.from({ length: 11 }, (_, i) => `s${i}`))).toThrow(/at most 10/);
    expect(() => skillsOf(['x'.repeat(41)])).toThrow(/at most 40/);
    expect(() => skillsOf([' '])).toThrow(/empty/);
  });
});
