import { readFileSync } from 'node:fs';
import { buildSchema, getNullableType, isListType, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostLimit, estimateCost, loadConfig, readCostDirectives } from '@lg/platform';

const supergraph = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
const directives = readCostDirectives(supergraph);
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimateCost({ schema, directives, document: parse(query), variables, operationName });
const { MAX_OPERATION_COST } = loadConfig({});

/** `instructor { taughtCourses { … } }` nested `levels` times, as in the issue. */
const taughtCoursesNest = (levels: number) => {
  let selection = 'id title';
  for (let i = 0; i < levels; i += 1) selection = `instructor { taughtCourses { ${selection} } }`;
  return `{ course(id: "c1") { ${selection} } }`;
};

describe('the cost directives of the composed supergraph', () => {
  it('every list field of the API has a @listSize, so no list is sized by guesswork', () => {
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (isListType(getNullableType(field.type)) && !directives.fields.get(`${type.name}.${field.name}`)?.listSize) unsized.push(`${type.name}.${field.name}`);
      }
    }
    expect(unsized).toEqual([]);
  });

  it('survive composition: slicing arguments, sized fields, assumed sizes and weights are read back', () => {
    expect(directives.fields.get('Query.courses')).toMatchObject({ listSize: { slicingArguments: ['first'], sizedFields: ['edges'], assumedSize: 100 } });
    expect(directives.fields.get('User.taughtCourses')?.listSize).toEqual({ assumedSize: 100 });
    expect(directives.fields.get('Course.chatMessages')?.listSize?.slicingArguments).toEqual(['last']);
    expect(directives.fields.get('Mutation.askAssistant')?.weight).toBe(100);
    expect(directives.inputFields.get('CourseFilter.search')).toBe(10);
  });
});

describe('an operation costs what its lists can return', () => {
  it('a page of courses costs its page size times what each course selects, not its field count', () => {
    const page = (n: number) => cost(`{ courses(first: ${n}) { totalCount pageInfo { hasNextPage } edges { node { title instructor { displayName } } } } }`);
    // connection 1 + pageInfo 1 + n × (edge 1 + course 1 + instructor 1)
    expect(page(3)).toBe(11);
    expect(page(100)).toBe(302);
  });

  it('a page size given as a variable is read from the variables, and its default from the schema', () => {
    const query = `query($n: Int) { courses(first: $n) { edges { node { id } } } }`;
    expect(cost(query, { n: 50 })).toBe(1 + 50 * 2);
    expect(cost(`{ courses { edges { node { id } } } }`)).toBe(1 + 20 * 2);
    expect(cost(`query($n: Int = 7) { courses(first: $n) { edges { node { id } } } }`)).toBe(1 + 7 * 2);
  });

  it('an explicit null page size is counted at the largest page the subgraph serves', () => {
    expect(cost(`{ courses(first: null) { edges { node { id } } } }`)).toBe(1 + 100 * 2);
  });

  it('an unpaginated list counts its hard maximum', () => {
    // course 1 + 50 sections × (1 + 100 lessons × 1)
    expect(cost(`{ course(id: "c1") { sections { title lessons { title } } } }`)).toBe(1 + 50 * (1 + 100));
  });

  it('scalars are free and a field\'s own weight is paid once: { categories } costs its weight', () => {
    expect(cost(`{ categories }`)).toBe(5);
    expect(cost(`{ me { id displayName } }`)).toBe(1);
  });

  it('every alias is counted, and a search argument adds its weight', () => {
    expect(cost(`{ a: categories b: categories c: categories }`)).toBe(15);
    expect(cost(`{ courses(first: 1, filter: { search: "py" }) { totalCount } }`)).toBe(1 + 10);
  });

  it('mutations weigh 10 unless they say more; the assistant weighs 100', () => {
    expect(cost(`mutation { logout(refreshToken: "x") }`)).toBe(10);
    expect(cost(`mutation { askAssistant(prompt: "hi") { message { content } } }`)).toBe(100 + 1 + 1);
  });

  it('fragments and inline fragments are expanded; @skip and @include are honoured', () => {
    const viaFragment = cost(`{ courses(first: 10) { ...C } } fragment C on CourseConnection { edges { node { ...N } } } fragment N on Course { instructor { id } }`);
    expect(viaFragment).toBe(cost(`{ courses(first: 10) { edges { node { instructor { id } } } } }`));
    expect(cost(`{ course(id: "1") { ... on Course { instructor { id } } } }`)).toBe(2);
    expect(cost(`query($s: Boolean!) { course(id: "1") { instructor @skip(if: $s) { id } } }`, { s: true })).toBe(1);
    expect(cost(`query($s: Boolean!) { course(id: "1") { instructor @include(if: $s) { id } } }`, { s: true })).toBe(2);
  });

  it('only the named operation of a document is estimated', () => {
    const document = `query Cheap { me { id } } query Dear { course(id: "1") { sections { lessons { id } } } }`;
    expect(cost(document, {}, 'Cheap')).toBe(1);
    expect(cost(document, {}, 'Dear')).toBe(5051);
  });

  it('a nested page multiplies by both page sizes', () => {
    const query = `{ course(id: "1") { questions(first: 100) { edges { node { answers(first: 100) { edges { node { body } } } } } } } }`;
    // course 1 + questions 1 + 100 × (edge 1 + question 1 + answers 1 + 100 × (edge 1 + answer 1))
    expect(cost(query)).toBe(2 + 100 * (3 + 100 * 2));
  });
});

describe('the limit refuses the hostile shapes of issue 10', () => {
  const limit = new CostLimit(MAX_OPERATION_COST);
  limit.useSdl(supergraph);
  const refusal = (query: string, variables?: Record<string, unknown>) => {
    try {
      limit.check(schema, { document: parse(query), variables });
    } catch (error) {
      return error as { extensions: Record<string, unknown>; message: string };
    }
    return undefined;
  };

  it('instructor → taughtCourses nested five times costs about 10^10 and is refused with its cost and the limit', () => {
    const error = refusal(taughtCoursesNest(5));
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 10_202_020_202, maxCost: MAX_OPERATION_COST, http: { status: 400 } });
    expect(error?.message).toMatch(/estimated cost is 10202020202, over the limit of 10000/);
  });

  it('even two levels of taughtCourses are refused, one level passes', () => {
    expect(refusal(taughtCoursesNest(2))?.extensions.cost).toBe(10_202);
    expect(refusal(taughtCoursesNest(1))).toBeUndefined();
  });

  it('courses(first: 100) with big inner pages is refused; the same shape with small pages passes', () => {
    const nested = `query($n: Int, $m: Int) { courses(first: $n) { edges { node { questions(first: $m) { edges { node { answers(first: $m) { edges { node { body } } } } } } } } } }`;
    expect(refusal(nested, { n: 100, m: 100 })?.extensions.cost).toBe(1 + 100 * (3 + 100 * (3 + 100 * 2)));
    expect(refusal(nested, { n: 100, m: 1 })).toBeUndefined();
    expect(refusal(`{ courses(first: 100) { edges { node { sections { lessons { id } } } } } }`)?.extensions.cost).toBe(1 + 100 * (2 + 50 * 101));
  });

  it('a page size of a million is refused by its cost before any subgraph would refuse it', () => {
    expect(refusal(`{ courses(first: 1000000) { edges { node { id } } } }`)?.extensions.cost).toBe(2_000_001);
  });

  it('fragments that spread each other many times over are refused without being walked to the end', () => {
    const spreads = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Course { ${i === 11 ? 'id' : `...F${i + 1} ...F${i + 1} ...F${i + 1}`} }`).join(' ');
    const error = refusal(`{ course(id: "1") { ...F0 } } ${spreads}`);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: null, maxCost: MAX_OPERATION_COST });
  });

  it('a variable of the wrong type is BAD_USER_INPUT with HTTP 400, not a server error', () => {
    const error = refusal(`query($n: Int) { courses(first: $n) { totalCount } }`, { n: 'many' });
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
  });
});
