import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSubgraphs, repoRoot } from '../../tools/schema/composition.ts';
import { checkContract, checkVendoredContract, parseContract } from '../../tools/schema/contract.ts';
import { composedApi, currentSubgraphs, withEdit } from './support.ts';

const contract = readFileSync(path.join(repoRoot, 'schema/contract.graphql'), 'utf8');
const existing = ['identity', 'catalog'];
const problemsOf = async (apiSdl: string, subgraphs = existing) => (await checkContract(contract, apiSdl, { subgraphs })).problems;

describe('the contract check', async () => {
  it('the composed API schema satisfies the contract', async () => {
    const subgraphs = discoverSubgraphs();
    const report = await checkContract(contract, composedApi(subgraphs), { subgraphs: subgraphs.map((s) => s.name) });
    expect(report.problems).toEqual([]);
    expect(report.checkedItems).toBeGreaterThan(100);
  });

  it('a contract field missing from a subgraph fails the contract check', async () => {
    expect(await problemsOf(composedApi(withEdit('identity', /\n\s*bio: String\n/, '\n')))).toEqual(["User.bio [identity]: Field 'bio' was removed from object type 'User'"]);
  });

  it('a nullable output where the contract promises non-null fails, a stricter output passes', async () => {
    expect(await problemsOf(composedApi(withEdit('catalog', 'slug: String!', 'slug: String')))).toEqual([
      "Course.slug [catalog]: Field 'Course.slug' changed type from 'String!' to 'String'",
    ]);
    expect(await problemsOf(composedApi(withEdit('identity', /bio: String\n/, 'bio: String!\n')))).toEqual([]);
  });

  it('a return type with another name fails', async () => {
    expect(await problemsOf(composedApi(withEdit('catalog', 'lessonCount: Int!', 'lessonCount: Float!')))).toEqual([
      "Course.lessonCount [catalog]: Field 'Course.lessonCount' changed type from 'Int!' to 'Float!'",
    ]);
  });

  it('a renamed argument, a stricter argument and a changed default all fail', async () => {
    const api = composedApi(
      withEdit('catalog', 'courses(filter: CourseFilter, first: Int = 20, after: String)', 'courses(where: CourseFilter!, first: Int = 50, after: String!)'),
    );
    expect(await problemsOf(api)).toEqual([
      "Query.courses.after [catalog]: Type for argument 'after' on field 'Query.courses' changed from 'String' to 'String!'",
      "Query.courses.filter [catalog]: Argument 'filter: CourseFilter' was removed from field 'Query.courses'",
      "Query.courses.first [catalog]: Default value for argument 'first' on field 'Query.courses' changed from '20' to '50'",
      "Query.courses.where [catalog]: Argument 'where: CourseFilter!' added to field 'Query.courses'",
    ]);
  });

  it('an added optional argument and a laxer argument pass', async () => {
    const api = composedApi(withEdit('identity', 'user(id: ID!): User', 'user(id: ID, includeDeleted: Boolean = false): User'));
    expect(await problemsOf(api)).toEqual([]);
  });

  it('a missing enum value and a missing input field are reported', async () => {
    let subgraphs = withEdit('identity', /\n\s*ADMIN\n/, '\n');
    subgraphs = withEdit('catalog', /\n\s*freeOnly: Boolean\n/, '\n', subgraphs);
    expect(await problemsOf(composedApi(subgraphs))).toEqual([
      "CourseFilter.freeOnly [catalog]: Input field 'freeOnly' was removed from input object type 'CourseFilter'",
      "Role.ADMIN [identity]: Enum value 'ADMIN' was removed from enum 'Role'",
    ]);
  });

  it('a Relay connection without totalCount or with the wrong node fails', async () => {
    let subgraphs = withEdit('catalog', /\n\s*totalCount: Int!\n/, '\n');
    subgraphs = withEdit('catalog', 'node: Course!', 'node: Lesson!', subgraphs);
    expect(await problemsOf(composedApi(subgraphs))).toEqual([
      "CourseConnection.totalCount [catalog] (Relay connection returned by Query.courses): Field 'totalCount' was removed from object type 'CourseConnection'",
      "CourseEdge.node [catalog] (Relay connection returned by Query.courses): Field 'CourseEdge.node' changed type from 'Course' to 'Lesson!'",
    ]);
  });

  it('a list where the contract has a single value fails', async () => {
    expect(await problemsOf(composedApi(withEdit('catalog', /tags: \[String!\]! @listSize\(assumedSize: 10\)/, 'tags: String!')))).toEqual([
      "Course.tags [catalog]: Field 'Course.tags' changed type from '[String!]!' to 'String!'",
    ]);
  });

  it('a stricter input field and a required input field the contract does not have both fail', async () => {
    const api = composedApi(withEdit('catalog', /freeOnly: Boolean\n/, 'freeOnly: Boolean!\n  region: String!\n'));
    expect(await problemsOf(api)).toEqual([
      "CourseFilter.freeOnly [catalog]: Input field 'CourseFilter.freeOnly' changed type from 'Boolean' to 'Boolean!'",
      "CourseFilter.region [catalog]: Input field 'region' of type 'String!' was added to input object type 'CourseFilter'",
    ]);
  });

  it('a contract type that the API defines as another kind fails', async () => {
    const api = composedApi(withEdit('catalog', /enum CourseLevel \{[^}]*\}/, 'scalar CourseLevel'));
    expect(await problemsOf(api)).toEqual(["CourseLevel [catalog]: 'CourseLevel' kind changed from 'EnumTypeDefinition' to 'ScalarTypeDefinition'"]);
  });

  it('a shared type is checked wherever the API has it', async () => {
    // Every subgraph that shares PageInfo drops the field (identity's administration lists share it too).
    const dropped = withEdit('identity', /\n\s*endCursor: String\n/, '\n', withEdit('catalog', /\n\s*endCursor: String\n/, '\n'));
    expect(await problemsOf(composedApi(dropped))).toEqual(["PageInfo.endCursor [shared]: Field 'endCursor' was removed from object type 'PageInfo'"]);
  });

  it('a Relay connection whose edges are no list, whose cursor is no String or whose pageInfo is no PageInfo fails', async () => {
    // Composition itself refuses a sized `edges` that is no list, so the API text is edited.
    const api = composedApi(currentSubgraphs());
    expect(await problemsOf(api.replace('edges: [CourseEdge!]!', 'edges: CourseEdge!'))).toEqual([
      "CourseConnection.edges [catalog] (Relay connection returned by Query.courses): Field 'CourseConnection.edges' changed type from '[CourseEdge]' to 'CourseEdge!'",
    ]);
    let subgraphs = withEdit('catalog', 'cursor: String!', 'cursor: Int!');
    subgraphs = withEdit('catalog', /(type CourseConnection \{[^}]*)pageInfo: PageInfo!/, '$1pageInfo: String!', subgraphs);
    expect(await problemsOf(composedApi(subgraphs))).toEqual([
      "CourseConnection.pageInfo [catalog] (Relay connection returned by Query.courses): Field 'CourseConnection.pageInfo' changed type from 'PageInfo' to 'String!'",
      "CourseEdge.cursor [catalog] (Relay connection returned by Query.courses): Field 'CourseEdge.cursor' changed type from 'String' to 'Int!'",
    ]);
  });

  it('fields owned by a subgraph that does not exist yet are not checked, and are once it does', async () => {
    const api = composedApi(currentSubgraphs());
    expect(await problemsOf(api)).toEqual([]);
    const withLearning = await problemsOf(api, [...existing, 'learning']);
    expect(withLearning).toContain("Course.enrollmentCount [learning]: Field 'enrollmentCount' was removed from object type 'Course'");
    expect(withLearning).toContain("EnrollmentStatus [learning]: Type 'EnrollmentStatus' was removed");
    expect(withLearning).toContain("Query.myEnrollments [learning]: Field 'myEnrollments' was removed from object type 'Query'");
    expect(withLearning.some((problem) => problem.includes('[assessment]'))).toBe(false);
  });

  it('every missing item is reported in one list', async () => {
    let subgraphs = withEdit('identity', /\n\s*requestPasswordReset\(email: String!\): Boolean!\n/, '\n');
    subgraphs = withEdit('catalog', /\n(\s*"[^\n]*"\n)?\s*categories: \[String!\]![^\n]*\n/, '\n', subgraphs);
    subgraphs = withEdit('catalog', /\n\s*durationMinutes: Int\n/, '\n', subgraphs);
    expect(await problemsOf(composedApi(subgraphs))).toEqual([
      "Lesson.durationMinutes [catalog]: Field 'durationMinutes' was removed from object type 'Lesson'",
      "Mutation.requestPasswordReset [identity]: Field 'requestPasswordReset' was removed from object type 'Mutation'",
      "Query.categories [catalog]: Field 'categories' was removed from object type 'Query'",
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

  it('an owner that is not a subgraph in the registry is reported', async () => {
    const report = await checkContract('# ----------- lerning\nenum X { A }', 'type Query { x: Int }', { subgraphs: existing });
    expect(report.problems).toEqual(['contract.graphql line 1: owner "lerning" is not a subgraph in SUBGRAPH_PORTS']);
  });

  it('the vendored contract equals the shared one', () => {
    expect(checkVendoredContract()).toEqual([]);
  });
});
