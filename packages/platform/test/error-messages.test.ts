import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatErrorFor, loadConfig, MAX_MESSAGE_CHARS, MAX_QUOTED_CHARS, withoutLongEchoes } from '../src/index.ts';

const filler = 'q'.repeat(100_000);

describe('an error message quotes at most a few dozen characters of the input', () => {
  it(`shortens a long quoted name to ${MAX_QUOTED_CHARS} characters and an ellipsis`, () => {
    expect(withoutLongEchoes(`Unknown operation named "${filler}".`)).toBe(`Unknown operation named "${'q'.repeat(MAX_QUOTED_CHARS)}…".`);
  });

  it('shortens a long unquoted run, such as a number literal', () => {
    const digits = '9'.repeat(5000);
    expect(withoutLongEchoes(`Int cannot represent non-integer value: ${digits}`)).toBe(`Int cannot represent non-integer value: ${'9'.repeat(MAX_QUOTED_CHARS)}…`);
  });

  it('shortens a quotation that holds spaces, and bounds the whole message', () => {
    const spaced = `Variable "$v" got invalid value "${'a '.repeat(50_000)}"; and more`;
    const short = withoutLongEchoes(spaced);
    expect(short.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 1);
    expect(short).not.toContain('a '.repeat(40));
  });

  it('leaves our own prose and short quotations as they are', () => {
    const prose = 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please specify a content-type header.';
    expect(withoutLongEchoes(prose)).toBe(prose);
    expect(withoutLongEchoes('Cannot query field "secretField" on type "Course".')).toBe('Cannot query field "secretField" on type "Course".');
    const between = 'Variable "$input" got invalid value 5; it was expected to be of type "String".';
    expect(withoutLongEchoes(between)).toBe(between);
    const ids = 'Order 0190a0a0-0000-7000-8000-000000000000 is charged by "0190a0a0-0000-7000-8000-000000000001".';
    expect(withoutLongEchoes(ids)).toBe(ids);
  });

  it('applies to every formatted error, its development stack trace included', () => {
    const error = new GraphQLError(`Cannot query field "${filler}" on type "Query".`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = formatErrorFor(false)({ ...error.toJSON(), extensions: { ...error.extensions, stacktrace: [`GraphQLError: ${error.message}`, '    at validate (graphql/validation/validate.js:1:1)'] } }, error);
    expect(formatted.message.length).toBeLessThan(100);
    expect(formatted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(JSON.stringify(formatted)).not.toContain('q'.repeat(MAX_QUOTED_CHARS + 1));
  });
});

describe('load shedding configuration', () => {
  it('is on by default at 300 ms over windows of 1 s, and 0 turns it off', () => {
    expect(loadConfig({})).toMatchObject({ SHED_EVENT_LOOP_DELAY_MS: 300, SHED_WINDOW_MS: 1000 });
    expect(loadConfig({ SHED_EVENT_LOOP_DELAY_MS: '0' }).SHED_EVENT_LOOP_DELAY_MS).toBe(0);
  });

  it('refuses a negative threshold or a window under 100 ms, naming the variable', () => {
    expect(() => loadConfig({ SHED_EVENT_LOOP_DELAY_MS: '-1' })).toThrow(/SHED_EVENT_LOOP_DELAY_MS/);
    expect(() => loadConfig({ SHED_WINDOW_MS: '10' })).toThrow(/SHED_WINDOW_MS/);
  });
});
