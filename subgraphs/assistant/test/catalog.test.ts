import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_FILE, loadCatalog, loadTool } from '../src/catalog.ts';
import { routeFor } from '../src/routes.ts';

const REQUIRED = [
  'list_courses', 'search_courses', 'get_course', 'get_my_enrollments', 'enroll_in_course', 'get_course_grades', 'add_to_cart',
  'book_lab', 'get_lab_availability', 'ask_question', 'get_my_notifications', 'navigate_to_route', 'get_thread', 'list_course_threads', 'post_to_thread',
  'list_my_study_groups', 'find_study_groups', 'list_course_events', 'rsvp_to_event', 'get_my_progress', 'get_course_analytics',
];

describe('the tool catalog', () => {
  // Loading validates every operation against schema/api.graphql: an operation that no longer
  // validates (a renamed field, a changed argument) fails here and so fails the test command.
  const catalog = loadCatalog();

  it('holds every required tool, each described, with mutates true exactly for mutations', () => {
    const names = catalog.tools.map((t) => t.name);
    for (const name of REQUIRED) expect(names).toContain(name);
    for (const tool of catalog.tools) {
      expect(tool.description.length).toBeGreaterThan(10);
      expect(tool.mutates).toBe(tool.operation.operation === 'mutation');
    }
    expect(catalog.tools.filter((t) => t.mutates).map((t) => t.name).sort()).toEqual(['add_to_cart', 'ask_question', 'book_lab', 'enroll_in_course', 'post_to_thread', 'refund_order', 'rsvp_to_event']);
  });

  it('derives input schemas from variable definitions: required, enums, input objects, lists, defaults, descriptions', () => {
    const search = catalog.byName.get('search_courses')!.inputSchema;
    expect(search.required).toEqual(['search']);
    expect(search.properties!.search).toMatchObject({ type: 'string', description: expect.stringContaining('word prefixes') });
    expect(search.properties!.first).toMatchObject({ type: 'integer', default: 10 });

    const list = catalog.byName.get('list_courses')!.inputSchema;
    expect(list.required).toEqual([]);
    expect(list.properties!.filter).toMatchObject({
      type: 'object', additionalProperties: false,
      properties: { level: { type: 'string', enum: ['ADVANCED', 'BEGINNER', 'INTERMEDIATE'] }, freeOnly: { type: 'boolean' } },
    });

    const ask = catalog.byName.get('ask_question')!.inputSchema;
    expect(ask.required).toEqual(['input']);
    expect(ask.properties!.input).toMatchObject({ type: 'object', required: ['body', 'courseId', 'title'], properties: { title: { description: '3 to 150 characters; trimmed.' } } });

    const book = catalog.byName.get('book_lab')!.inputSchema;
    expect(book.required).toEqual(['labId', 'slotStart']);
    expect(book.properties!.slotStart).toMatchObject({ type: 'string', format: 'date-time' });

    const navigate = catalog.byName.get('navigate_to_route')!;
    expect(navigate.local).toBe(true);
    expect(navigate.inputSchema.properties!.feature).toMatchObject({ type: 'string', enum: expect.arrayContaining(['COURSE', 'LEARNING', 'CART', 'LABS']) });
  });

  it('derives list variables as arrays', () => {
    const api = buildSchema(readFileSync(API_SCHEMA_FILE, 'utf8'));
    const tool = loadTool('mark_read', '# Marks notifications read.\nmutation mark_read($ids: [ID!]!) { markNotificationsRead(ids: $ids) }', api);
    expect(tool.inputSchema).toMatchObject({ required: ['ids'], properties: { ids: { type: 'array', items: { type: 'string' } } } });
    expect(tool.mutates).toBe(true);
  });

  it('refuses an operation that does not validate against the API schema, or has no description', () => {
    const api = buildSchema(readFileSync(API_SCHEMA_FILE, 'utf8'));
    expect(() => loadTool('broken', '# Broken.\nquery broken { courses { nope } }', api)).toThrow(/does not validate against schema\/api.graphql/);
    expect(() => loadTool('bad_var', '# Bad.\nquery bad_var($id: Int!) { course(id: $id) { id } }', api)).toThrow(/does not validate/);
    expect(() => loadTool('quiet', 'query quiet { categories }', api)).toThrow(/no description/);
    expect(() => loadTool('other_name', '# Named otherwise.\nquery something { categories }', api)).toThrow(/must be named/);
  });

  it('maps features to web routes', () => {
    expect(routeFor('COURSE', 'intro-to-python')).toEqual({ route: '/courses/intro-to-python' });
    expect(routeFor('LEARNING')).toEqual({ route: '/learning' });
    expect(routeFor('CART')).toEqual({ route: '/cart' });
    expect(routeFor('NOPE')).toHaveProperty('error');
  });
});
