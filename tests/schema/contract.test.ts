import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSubgraphs, repoRoot } from '../../tools/schema/composition.ts';
import { checkContract, checkVendoredContract, parseContract } from '../../tools/schema/contract.ts';
import { composedApi, currentSubgraphs, withEdit } from './support.ts';

const contract = readFileSync(path.join(repoRoot, 'schema/contract.graphql'), 'utf8');
const existing = ['identity', 'catalog'];
const problemsOf = (apiSdl: string, subgraphs = existing) => checkContract(contract, apiSdl, { subgraphs }).problems;

describe('the contract check', () => {
  it('the composed API schema satisfies the contract', () => {
    const subgraphs = discoverSubgraphs();
    const report = checkContract(contract, composedApi(subgraphs), { subgraphs: subgraphs.map((s) => s.name) });
    expect(report.problems).toEqual([]);
    expect(report.checkedItems).toBeGreaterThan(100);
  });

  it('a contract field missing from a subgraph fails the contract check', () => {
    expect(problemsOf(composedApi(withEdit('identity', /\n\s*bio: String\n/, '\n')))).toEqual(['User.bio [identity]: field missing']);
  });

  it('a nullable output where the contract promises non-null fails, a stricter output passes', () => {
    expect(problemsOf(composedApi(withEdit('catalog', 'slug: String!', 'slug: String')))).toEqual([
      "Course.slug [catalog]: type String is not compatible with the contract's String!",
    ]);
    expect(problemsOf(composedApi(withEdit('identity', /bio: String\n/, 'bio: String!\n')))).toEqual([]);
  });

  it('a return type with another name fails', () => {
    expect(problemsOf(composedApi(withEdit('catalog', 'lessonCount: Int!', 'lessonCount: Float!')))).toEqual([
      "Course.lessonCount [catalog]: type Float! is not compatible with the contract's Int!",
    ]);
  });

  it('a renamed argument, a stricter argument and a changed default all fail', () => {
    const api = composedApi(
      withEdit('catalog', 'courses(filter: CourseFilter, first: Int = 20, after: String)', 'courses(where: CourseFilter!, first: Int = 50, after: String!)'),
    );
    expect(problemsOf(api)).toEqual([
      'Query.courses(filter:) [catalog]: argument missing',
      "Query.courses(first:) [catalog]: default 50 differs from the contract's 20",
      "Query.courses(after:) [catalog]: argument type String! is not compatible with the contract's String",
      'Query.courses(where:) [catalog]: required argument that the contract does not have',
    ]);
  });

  it('an added optional argument and a laxer argument pass', () => {
    const api = composedApi(withEdit('identity', 'user(id: ID!): User', 'user(id: ID, includeDeleted: Boolean = false): User'));
    expect(problemsOf(api)).toEqual([]);
  });

  it('a missing enum value and a missing input field are reported', () => {
    let subgraphs = withEdit('identity', /\n\s*ADMIN\n/, '\n');
    subgraphs = withEdit('catalog', /\n\s*freeOnly: Boolean\n/, '\n', subgraphs);
    expect(problemsOf(composedApi(subgraphs))).toEqual(['Role.ADMIN [identity]: enum value missing', 'CourseFilter.freeOnly [catalog]: input field missing']);
  });

  it('a Relay connection without totalCount or with the wrong node fails', () => {
    let subgraphs = withEdit('catalog', /\n\s*totalCount: Int!\n/, '\n');
    subgraphs = withEdit('catalog', 'node: Course!', 'node: Lesson!', subgraphs);
    expect(problemsOf(composedApi(subgraphs))).toEqual([
      'CourseConnection [catalog] (Relay connection returned by Query.courses): CourseEdge.node is not a Course',
      'CourseConnection [catalog] (Relay connection returned by Query.courses): `totalCount` is not an Int',
    ]);
  });

  it('a list where the contract has a single value fails', () => {
    expect(problemsOf(composedApi(withEdit('catalog', /tags: \[String!\]! @listSize\(assumedSize: 10\)/, 'tags: String!')))).toEqual([
      "Course.tags [catalog]: type String! is not compatible with the contract's [String!]!",
    ]);
  });

  it('a stricter input field and a required input field the contract does not have both fail', () => {
    const api = composedApi(withEdit('catalog', /freeOnly: Boolean\n/, 'freeOnly: Boolean!\n  region: String!\n'));
    expect(problemsOf(api)).toEqual([
      "CourseFilter.freeOnly [catalog]: input field type Boolean! is not compatible with the contract's Boolean",
      'CourseFilter.region [catalog]: required input field that the contract does not have',
    ]);
  });

  it('a contract type that the API defines as another kind fails', () => {
    const api = composedApi(withEdit('catalog', /enum CourseLevel \{[^}]*\}/, 'scalar CourseLevel'));
    expect(problemsOf(api)).toEqual(['CourseLevel [catalog]: is not an enum in the API schema']);
  });

  it('a shared type is checked wherever the API has it', () => {
    expect(problemsOf(composedApi(withEdit('catalog', /\n\s*endCursor: String\n/, '\n')))).toEqual(['PageInfo.endCursor [shared]: field missing']);
  });

  it('a Relay connection whose edges are no list, whose cursor is no String or whose pageInfo is no PageInfo fails', () => {
    // Composition itself refuses a sized `edges` that is no list, so the API text is edited.
    const api = composedApi(currentSubgraphs());
    expect(problemsOf(api.replace('edges: [CourseEdge!]!', 'edges: CourseEdge!'))).toEqual([
      'CourseConnection [catalog] (Relay connection returned by Query.courses): `edges` is not a list of edge objects',
    ]);
    let subgraphs = withEdit('catalog', 'cursor: String!', 'cursor: Int!');
    subgraphs = withEdit('catalog', /(type CourseConnection \{[^}]*)pageInfo: PageInfo!/, '$1pageInfo: String!', subgraphs);
    expect(problemsOf(composedApi(subgraphs))).toEqual([
      'CourseConnection [catalog] (Relay connection returned by Query.courses): CourseEdge.cursor is not a String',
      'CourseConnection [catalog] (Relay connection returned by Query.courses): `pageInfo` is not a PageInfo',
    ]);
  });

  it('fields owned by a subgraph that does not exist yet are not checked, and are once it does', () => {
    const api = composedApi(currentSubgraphs());
    expect(problemsOf(api)).toEqual([]);
    const withLearning = problemsOf(api, [...existing, 'learning']);
    expect(withLearning).toContain('Course.enrollmentCount [learning]: field missing');
    expect(withLearning).toContain('EnrollmentStatus [learning]: enum missing from the API schema');
    expect(withLearning).toContain('Query.myEnrollments [learning]: field missing');
    expect(withLearning.some((problem) => problem.includes('[assessment]'))).toBe(false);
  });

  it('every missing item is reported in one list', () => {
    let subgraphs = withEdit('identity', /\n\s*requestPasswordReset\(email: String!\): Boolean!\n/, '\n');
    subgraphs = withEdit('catalog', /\n(\s*"[^\n]*"\n)?\s*categories: \[String!\]![^\n]*\n/, '\n', subgraphs);
    subgraphs = withEdit('catalog', /\n\s*durationMinutes: Int\n\}\n\ntype CourseEdge/, '\n}\n\ntype CourseEdge', subgraphs);
    expect(problemsOf(composedApi(subgraphs))).toEqual([
      'Mutation.requestPasswordReset [identity]: field missing',
      'Lesson.durationMinutes [catalog]: field missing',
      'Query.categories [catalog]: field missing',
    ]);
  });

  it('section headers, trailing `# owner:` and `# owner:` lines decide who owns what', () => {
    const parsed = parseContract(
      [
        'type PageInfo { hasNextPage: Boolean! }',
        '# ------------------------------ catalog',
        'enum CourseLevel { BEGINNER }',
        'type Course {   # owner: catalog  @key(fields: "id")',
        '  id: ID!',
        '  # owner: learning',
        '  enrollmentCount: Int!',
        '}',
        'extend type User {   # owner: learning; the user themself',
        '  enrollments: Int',
        '}',
      ].join('\n'),
    );
    const owners = parsed.types.map((type) => [type.name, type.owner, type.fields.map((field) => `${field.name}:${field.owner}`)]);
    expect(owners).toEqual([
      ['PageInfo', null, ['hasNextPage:null']],
      ['CourseLevel', 'catalog', []],
      ['Course', 'catalog', ['id:catalog', 'enrollmentCount:learning']],
      ['User', 'learning', ['enrollments:learning']],
    ]);
    expect(parsed.unknownOwners).toEqual([]);
  });

  it('an owner that is not a subgraph in the registry is reported', () => {
    const report = checkContract('# ----------- lerning\nenum X { A }', 'type Query { x: Int }', { subgraphs: existing });
    expect(report.problems).toEqual(['contract.graphql line 1: owner "lerning" is not a subgraph in SUBGRAPH_PORTS']);
  });

  it('the vendored contract equals the shared one', () => {
    expect(checkVendoredContract()).toEqual([]);
  });
});
