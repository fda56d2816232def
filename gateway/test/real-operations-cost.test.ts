import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateCost, loadConfig, readCostDirectives } from '@lg/platform';
import { assistantOperations, webOperations, worstCaseVariables } from './real-operations.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
const directives = readCostDirectives(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
const { MAX_OPERATION_COST } = loadConfig({});

describe('every real operation is under the cost limit, even with its lists at their largest', () => {
  const web = webOperations();
  const assistant = assistantOperations();

  it('finds the documents: the web client\'s screens and the assistant\'s tools', () => {
    expect(web.length).toBeGreaterThan(50);
    expect(web.map((o) => o.name)).toEqual(expect.arrayContaining(['CoursePage', 'Catalog', 'CourseExercises', 'TaughtCourses']));
    expect(assistant.map((o) => o.name)).toEqual(expect.arrayContaining(['get_course', 'search_courses', 'list_courses']));
  });

  it.each([...web, ...assistant].map((o) => [`${o.name} (${o.source})`, o] as const))('%s', (_label, operation) => {
    const cost = estimateCost({ schema, directives, document: operation.document, variables: worstCaseVariables(schema, operation.document) });
    expect(cost).toBeLessThanOrEqual(MAX_OPERATION_COST);
  });
});
