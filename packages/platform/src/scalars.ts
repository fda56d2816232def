import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (typeof value !== 'string' || !ISO.test(value)) throw badInput('A DateTime must be an ISO-8601 string such as 2026-01-31T10:00:00Z.');
  const date = new Date(value);
  // JavaScript rolls impossible dates over (2026-02-30 would become 2026-03-02, 24:00 the next day).
  const [year = 0, month = 0, day = 0, hour = 0] = value.slice(0, 13).split(/[-T]/).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (Number.isNaN(date.getTime()) || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23)
    throw badInput(`"${value}" is not a real date and time.`);
  return date;
}

/** ISO-8601 in UTC on the wire, Date inside. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date and time, UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('A DateTime must be an ISO-8601 string.');
    return parse(ast.value);
  },
});
