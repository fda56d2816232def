import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType,
  isScalarType, isUnionType, type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNamedType,
  type GraphQLObjectType, type GraphQLSchema, type GraphQLType,
} from 'graphql';

/**
 * A generator of hostile and malformed GraphQL requests, built from the composed API schema rather
 * than a hand-written list, so that every field, argument and input type the API has is reached.
 * It is deterministic for a seed: a failure prints its seed and request number, and
 * `FUZZ_SEED=<seed>` replays exactly the same requests.
 */

export interface HostileRequest {
  /** Which hostile shape this request is, for the failure report. */
  shape: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** The body as sent (POST); a string so that malformed JSON can be sent too. */
  body?: string;
  /** The query string (GET). */
  search?: string;
  /** Whether to send the signed-in user's token (the caller fills it in). */
  auth: 'none' | 'user' | 'forged' | 'garbage';
}

/** Ids of real documents, so that some requests reach real data and not only "not found". */
export interface KnownIds { courses: string[]; users: string[]; other: string[] }

/** mulberry32: tiny, fast and good enough to spread requests over the shapes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]!; }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) if ((roll -= weight) < 0) return key;
    return entries[entries.length - 1]![0];
  }
}

/** Values that have hurt servers before: operators for injection, huge and odd numbers, odd text. */
const HOSTILE_SCALARS: unknown[] = [
  { $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '.*' }, ['$ne', null], [], {}, null, true, '', ' ',
  -1, 0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 0.5, 'NaN', 'Infinity', '1e309',
  '\u0000', '\ud800', '%00', '../../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE users; --",
  '(a+)+$', '.*'.repeat(200), '\\', '"', '{{7*7}}', 'ÿ'.repeat(300), '😀'.repeat(1000),
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'eyJhIjoxfQ', '!!!not base64!!!',
  Buffer.from('{"$gt":""}').toString('base64'), Buffer.from('x'.repeat(3000)).toString('base64'),
];

const hugeString = (d: Dice) => 'A'.repeat(d.pick([10_000, 100_000, 400_000]));

function nestedValue(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

export class HostileRequestGenerator {
  private readonly d: Dice;
  private readonly queryFields: GraphQLField<unknown, unknown>[];
  private readonly mutationFields: GraphQLField<unknown, unknown>[];
  private readonly objectTypes: GraphQLObjectType[];

  constructor(private readonly schema: GraphQLSchema, readonly seed: number, private readonly ids: KnownIds) {
    this.d = new Dice(prng(seed));
    this.queryFields = Object.values(schema.getQueryType()!.getFields());
    this.mutationFields = Object.values(schema.getMutationType()?.getFields() ?? {});
    this.objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  }

  *requests(count: number): Generator<HostileRequest> {
    for (let i = 0; i < count; i += 1) yield this.one();
  }

  one(): HostileRequest {
    const shape = this.d.weighted({
      deep: 8, wide: 6, aliasFlood: 5, fragmentCycle: 3, fragmentBomb: 3, hostileVariables: 12, wrongTypes: 8,
      invalidCursor: 6, bigPages: 8, batched: 3, getMutation: 3, oddContentType: 4, syntaxMutation: 8,
      unknownOperationName: 3, directiveFlood: 2, malformedBody: 5, introspection: 2, hugeDocument: 2,
      mutationWrongTypes: 6, subscriptionOverHttp: 2, plainValid: 7,
    });
    const auth = this.d.weighted({ none: 60, user: 30, forged: 5, garbage: 5 });
    const made = this[shape]();
    return { method: 'POST', headers: { 'content-type': 'application/json' }, auth, ...made, shape };
  }

  // --- shapes -------------------------------------------------------------------------------

  private deep() {
    const field = this.d.pick(this.queryFields);
    return this.post(`query Deep { ${this.fieldText(field, this.d.int(12, 40), 'deep')} }`);
  }

  private wide() {
    const fields = this.d.int(5, 40);
    const parts = Array.from({ length: fields }, (_, i) => `f${i}: ${this.fieldText(this.d.pick(this.queryFields), this.d.int(2, 5), 'wide')}`);
    return this.post(`query Wide { ${parts.join(' ')} }`);
  }

  private aliasFlood() {
    const field = this.d.pick(this.queryFields);
    const text = this.fieldText(field, 3, 'wide');
    const n = this.d.pick([31, 100, 1000, 5000]);
    return this.post(`{ ${Array.from({ length: n }, (_, i) => `a${i}: ${text}`).join(' ')} }`);
  }

  private fragmentCycle() {
    const type = this.d.pick(this.objectTypes);
    const scalar = this.scalarFieldOf(type) ?? '__typename';
    return this.post(
      `query Cycle { __typename } fragment A on ${type.name} { ${scalar} ...B } fragment B on ${type.name} { ...C } fragment C on ${type.name} { ...A }`,
    );
  }

  /** Each fragment spreads the previous one several times: exponential if expanded naively. */
  private fragmentBomb() {
    const courses = this.queryFields.find((f) => f.name === 'courses') ?? this.d.pick(this.queryFields);
    const levels = this.d.int(8, 20);
    const fragments = [`fragment L0 on Course { id title }`];
    for (let i = 1; i < levels; i += 1) fragments.push(`fragment L${i} on Course { ...L${i - 1} ...L${i - 1} a${i}: instructor { id } ...L${i - 1} }`);
    return this.post(`{ ${courses.name}(first: 100) { edges { node { ...L${levels - 1} } } } } ${fragments.join(' ')}`);
  }

  private hostileVariables() {
    const field = this.d.pick(this.queryFields.filter((f) => f.args.length > 0));
    const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const variables = Object.fromEntries(field.args.map((a) => [a.name, this.hostileValueFor(a.type)]));
    return this.post(`query Hostile(${defs}) { ${field.name}(${args}) ${this.selectionFor(field.type, 3, 'wide')} }`, variables);
  }

  private wrongTypes() {
    const field = this.d.pick(this.queryFields.filter((f) => f.args.length > 0));
    const args = field.args.map((a) => `${a.name}: ${this.d.pick(['"text"', '12', '1.5', 'true', 'null', '[1, 2]', '{ x: 1 }', 'SOME_ENUM', '$undeclared'])}`).join(', ');
    return this.post(`{ ${field.name}(${args}) ${this.selectionFor(field.type, 2, 'wide')} }`);
  }

  private invalidCursor() {
    const connectionFields = this.listFieldPaths().filter((p) => p.field.args.some((a) => a.name === 'after' || a.name === 'before'));
    const { text, field } = this.d.pick(connectionFields);
    const arg = field.args.some((a) => a.name === 'after') ? 'after' : 'before';
    const cursor = this.d.pick([...HOSTILE_SCALARS.filter((v) => typeof v === 'string'), hugeString(this.d)]) as string;
    return this.post(`query Cursor($c: String) ${text.replace('ARGS', `${arg}: $c`)}`, { c: cursor });
  }

  private bigPages() {
    const paths = this.listFieldPaths().filter((p) => p.field.args.some((a) => a.name === 'first' || a.name === 'last'));
    const { text, field } = this.d.pick(paths);
    const arg = field.args.some((a) => a.name === 'first') ? 'first' : 'last';
    const size = this.d.pick([100, 101, 1000, 1_000_000, -1, 0, 2 ** 31 - 1]);
    return this.post(text.replace('ARGS', `${arg}: ${size}`));
  }

  private batched() {
    const one = { query: `{ ${this.fieldText(this.d.pick(this.queryFields), 3, 'wide')} }` };
    return { body: JSON.stringify(Array.from({ length: this.d.int(2, 200) }, () => one)) };
  }

  private getMutation() {
    const field = this.d.pick(this.mutationFields);
    const query = `mutation { ${field.name}${this.argsText(field.args)} ${this.selectionFor(field.type, 2, 'wide')} }`;
    return { method: 'GET' as const, headers: { 'apollo-require-preflight': 'true' }, search: new URLSearchParams({ query }).toString() };
  }

  private oddContentType() {
    const query = `{ ${this.fieldText(this.d.pick(this.queryFields), 3, 'wide')} }`;
    const type = this.d.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql', 'application/xml', '', 'application/json; charset=utf-7', 'application/json, text/html']);
    const body = type === 'application/graphql' ? query : type.startsWith('application/x-www') ? `query=${encodeURIComponent(query)}` : JSON.stringify({ query });
    return { headers: type ? { 'content-type': type } : {}, body };
  }

  private syntaxMutation() {
    let text = `query Q($id: ID!) { course(id: $id) { id title instructor { displayName } } courses(first: 5) { edges { node { id } } } }`;
    const edits = this.d.int(1, 6);
    for (let i = 0; i < edits; i += 1) {
      const at = this.d.int(0, text.length);
      const op = this.d.pick(['delete', 'insert', 'swap'] as const);
      const junk = this.d.pick(['{', '}', '(', ')', '"', '$', '...', '@', '#', '\\u0000', ':', ',', '!', '[', 'query', '"""']);
      if (op === 'delete') text = text.slice(0, at) + text.slice(at + this.d.int(1, 8));
      else if (op === 'insert') text = text.slice(0, at) + junk + text.slice(at);
      else text = text.slice(0, at) + junk + text.slice(at + 1);
    }
    return this.post(text, { id: this.d.pick(this.ids.courses) });
  }

  private unknownOperationName() {
    const name = this.d.chance(0.5) ? 'x'.repeat(this.d.pick([10, 1000, 200_000])) : this.d.pick(['', ' ', 'Q2', '__proto__', 'constructor']);
    return { body: JSON.stringify({ query: `query Q1 { __typename } query Q2 { __typename }`, operationName: name }) };
  }

  private directiveFlood() {
    const n = this.d.pick([51, 500, 3000]);
    return this.post(`{ __typename ${Array.from({ length: n }, () => '@include(if: true)').join(' ')} }`);
  }

  private malformedBody() {
    const body = this.d.pick([
      '{', '[', 'null', '42', '"query"', '{"query": 42}', '{"query": null}', '{"query": {"a": 1}}', '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "variables": [1]}', '{"query": "{ __typename }", "extensions": "x"}', '{"query": "{ __typename }", "operationName": 7}',
      '{"query": "{ __typename }"', '\u0000\u0001\u0002', '{"query": "' + 'a'.repeat(50_000) + '"}', '{}', '{"variables": {}}',
      JSON.stringify({ query: '{ __typename }', variables: nestedValue(3000) }),
    ]);
    return { body };
  }

  private introspection() {
    let inner = 'name';
    for (let i = 0; i < this.d.int(5, 30); i += 1) inner = `name ofType { ${inner} }`;
    return this.post(`{ __schema { types { name fields { name type { ${inner} } args { name type { ${inner} } } } } } }`);
  }

  private hugeDocument() {
    const size = this.d.pick([50_000, 400_000, 900_000, 1_500_000]);
    return this.post(`{ __typename ${' '.repeat(size)} }`);
  }

  /** Mutations always carry a wrong-typed or missing argument: refused before execution, so nothing changes. */
  private mutationWrongTypes() {
    const field = this.d.pick(this.mutationFields.filter((f) => f.args.some((a) => isNonNullType(a.type))));
    const args = this.d.chance(0.5) ? '' : `(${field.args.map((a) => `${a.name}: ${this.wrongLiteralFor(a.type)}`).join(', ')})`;
    return this.post(`mutation M { ${field.name}${args} ${this.selectionFor(field.type, 3, 'wide')} }`);
  }

  private subscriptionOverHttp() {
    const fields = Object.values(this.schema.getSubscriptionType()?.getFields() ?? {});
    if (fields.length === 0) return this.plainValid();
    const field = this.d.pick(fields);
    return this.post(`subscription S { ${field.name}${this.argsText(field.args)} ${this.selectionFor(field.type, 3, 'wide')} }`);
  }

  /** A plausible query with plausible values: the baseline that must also never fail. */
  private plainValid() {
    const field = this.d.pick(this.queryFields);
    return this.post(`query Plain { ${this.fieldText(field, this.d.int(2, 5), 'wide')} }`);
  }

  // --- documents --------------------------------------------------------------------------------

  private post(query: string, variables?: Record<string, unknown>) {
    return { body: JSON.stringify(variables ? { query, variables } : { query }) };
  }

  private fieldText(field: GraphQLField<unknown, unknown>, depth: number, mode: 'deep' | 'wide'): string {
    return `${field.name}${this.argsText(field.args)} ${this.selectionFor(field.type, depth - 1, mode)}`.trim();
  }

  private selectionFor(type: GraphQLType, depth: number, mode: 'deep' | 'wide'): string {
    const named: GraphQLNamedType = getNamedType(type);
    if (isScalarType(named) || isEnumType(named)) return '';
    if (isUnionType(named) || isInterfaceType(named)) {
      const members = isUnionType(named) ? named.getTypes() : this.schema.getPossibleTypes(named);
      return `{ __typename ${members.map((m) => `... on ${m.name} ${this.selectionFor(m, depth, mode)}`).join(' ')} }`;
    }
    if (!isObjectType(named)) return '';
    const fields = Object.values(named.getFields());
    const objectFields = fields.filter((f) => !isScalarType(getNamedType(f.type)) && !isEnumType(getNamedType(f.type)));
    const scalars = fields.filter((f) => !objectFields.includes(f) && f.args.every((a) => !isNonNullType(a.type)));
    const chosen: string[] = [scalars.length ? this.d.pick(scalars).name : '__typename'];
    if (depth > 0 && objectFields.length) {
      const count = mode === 'deep' ? 1 : this.d.int(1, Math.min(4, objectFields.length));
      for (let i = 0; i < count; i += 1) {
        const f = this.d.pick(objectFields);
        chosen.push(`${mode === 'wide' ? `x${i}: ` : ''}${f.name}${this.argsText(f.args)} ${this.selectionFor(f.type, depth - 1, mode)}`);
      }
    }
    if (mode === 'wide') for (const s of scalars) if (this.d.chance(0.3)) chosen.push(s.name);
    return `{ ${[...new Set(chosen)].join(' ')} }`;
  }

  private argsText(args: readonly GraphQLArgument[]): string {
    const given = args.filter((a) => isNonNullType(a.type) || this.d.chance(0.3));
    if (given.length === 0) return '';
    return `(${given.map((a) => `${a.name}: ${this.literal(this.validValueFor(a.type, a.name, 0))}`).join(', ')})`;
  }

  /** Every paginated field reachable from a root field within two steps, with ARGS where its page arguments go. */
  private listFieldPaths(): { text: string; field: GraphQLField<unknown, unknown> }[] {
    const paged = (f: GraphQLField<unknown, unknown>) => f.args.some((a) => ['first', 'last', 'after', 'before'].includes(a.name));
    const paths: { text: string; field: GraphQLField<unknown, unknown> }[] = [];
    for (const root of this.queryFields) {
      if (paged(root)) paths.push({ field: root, text: `{ ${root.name}(ARGS) { __typename } }` });
      const rootType = getNamedType(root.type);
      if (!isObjectType(rootType)) continue;
      const required = root.args.filter((a) => isNonNullType(a.type));
      const rootArgs = required.length ? `(${required.map((a) => `${a.name}: ${this.literal(this.validValueFor(a.type, a.name, 0))}`).join(', ')})` : '';
      const wrap = (inner: string) => (rootType.name.endsWith('Connection') ? `edges { node { ${inner} } }` : inner);
      for (const field of Object.values(rootType.getFields()).filter(paged)) {
        paths.push({ field, text: `{ ${root.name}${rootArgs} { __typename ${wrap(`${field.name}(ARGS) { __typename }`)} } }` });
      }
    }
    return paths;
  }

  // --- values -------------------------------------------------------------------------------------

  private validValueFor(type: GraphQLInputType, name: string, depth: number): unknown {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) return Array.from({ length: this.d.int(0, 3) }, () => this.validValueFor(inner.ofType, name, depth + 1));
    if (isEnumType(inner)) return { enumValue: this.d.pick(inner.getValues()).name };
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type) || (depth < 3 && this.d.chance(0.4)));
      return Object.fromEntries(fields.map((f) => [f.name, this.validValueFor(f.type, f.name, depth + 1)]));
    }
    switch ((inner as GraphQLNamedType).name) {
      case 'Int': return name === 'first' || name === 'last' ? this.d.pick([1, 5, 20, 100]) : this.d.int(0, 30);
      case 'Float': return this.d.next() * 100;
      case 'Boolean': return this.d.chance(0.5);
      case 'ID': return this.d.pick([...this.ids.courses, ...this.ids.users, ...this.ids.other, 'unknown-id']);
      case 'DateTime': return new Date(Date.UTC(2026, this.d.int(0, 11), this.d.int(1, 28), this.d.int(0, 23))).toISOString();
      default: return this.d.pick(['python', 'intro', 'a', 'Learning', 'x'.repeat(this.d.int(1, 300))]);
    }
  }

  private hostileValueFor(type: GraphQLInputType): unknown {
    const roll = this.d.next();
    if (roll < 0.15) return hugeString(this.d);
    if (roll < 0.2) return nestedValue(this.d.int(50, 2000));
    if (roll < 0.25) return Array.from({ length: this.d.pick([1000, 50_000]) }, (_, i) => i);
    if (roll < 0.6) return this.d.pick(HOSTILE_SCALARS);
    const valid = this.validValueFor(type, '', 0);
    return JSON.parse(JSON.stringify(valid, (_k, v) => (v && typeof v === 'object' && 'enumValue' in v ? v.enumValue : v))) as unknown;
  }

  private wrongLiteralFor(type: GraphQLInputType): string {
    const named = getNamedType(type);
    if (isInputObjectType(named)) return this.d.pick(['"object?"', '12', '[{}]', '{ unknownField: 1 }', '{}']);
    if (named.name === 'Int' || named.name === 'Float') return this.d.pick(['"12"', 'true', '{ a: 1 }', '99999999999999999999']);
    if (isEnumType(named)) return this.d.pick(['"STUDENT"', 'NOT_A_VALUE', '1']);
    return this.d.pick(['12.5', '{ $gt: "" }', '[1, 2]', 'true', 'ENUM_LIKE']);
  }

  /** Prints a value as a GraphQL literal; `{ enumValue }` marks an enum. */
  private literal(value: unknown): string {
    if (value === null || value === undefined) return 'null';
    if (Array.isArray(value)) return `[${value.map((v) => this.literal(v)).join(', ')}]`;
    if (typeof value === 'object') {
      if ('enumValue' in (value as object)) return String((value as { enumValue: string }).enumValue);
      return `{ ${Object.entries(value as object).map(([k, v]) => `${k}: ${this.literal(v)}`).join(', ')} }`;
    }
    return JSON.stringify(value);
  }

  private scalarFieldOf(type: GraphQLObjectType): string | undefined {
    return Object.values(type.getFields()).find((f) => isScalarType(getNamedType(f.type)) && f.args.length === 0)?.name;
  }
}
