import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../src/subscriptions/audience.ts';
import { mergeData, splitPayload } from '../../src/subscriptions/split.ts';

const schema = buildSchema(readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8'));
const flat = (query: string | null) => query?.replace(/\s+/g, ' ').trim() ?? null;
const split = (query: string) => {
  const parts = splitPayload(schema, parse(query));
  return { shared: flat(parts.shared), perViewer: flat(parts.perViewer) };
};

describe('a payload query split into its audience part and its per-viewer part', () => {
  it('is all shared when nothing in it depends on the viewer', () => {
    expect(split('query($__eventId: ID!) { q: question(id: $__eventId) { title author { displayName } course { title exercises { title } } } }')).toEqual({
      shared: 'query ($__eventId: ID!) { q: question(id: $__eventId) { title author { displayName } course { title exercises { title } } } }',
      perViewer: null,
    });
  });

  it('is all per viewer when its root field is (a direct message, seen by its participants only): no empty shared query', () => {
    expect(split('query($__eventId: ID!) { d: directMessage(id: $__eventId) { body author { displayName } } }')).toEqual({
      shared: null,
      perViewer: 'query ($__eventId: ID!) { d: directMessage(id: $__eventId) { body author { displayName } } }',
    });
  });

  it('runs viewer-dependent fields per viewer along their path, and the rest once', () => {
    expect(split('query($__eventId: ID!) { q: question(id: $__eventId) { title viewerVote course { title viewerHasWishlisted } author { displayName email } } }')).toEqual({
      shared: 'query ($__eventId: ID!) { q: question(id: $__eventId) { title course { title } author { displayName } } }',
      perViewer: 'query ($__eventId: ID!) { q: question(id: $__eventId) { viewerVote course { viewerHasWishlisted } author { email } } }',
    });
  });

  it('keeps a nested object with only per-viewer fields in the shared part as its __typename', () => {
    expect(split('query($__eventId: ID!) { m: chatMessage(id: $__eventId) { course { viewerEnrollment { progressPercent } } } }')).toEqual({
      shared: 'query ($__eventId: ID!) { m: chatMessage(id: $__eventId) { course { __typename } } }',
      perViewer: 'query ($__eventId: ID!) { m: chatMessage(id: $__eventId) { course { viewerEnrollment { progressPercent } } } }',
    });
  });

  it('runs it all per viewer, with no shared part, when the root field itself is per viewer (a thread reply: hidden from some)', () => {
    expect(split('query($__eventId: ID!) { r: threadReply(id: $__eventId) { body author { displayName } } }')).toEqual({
      shared: null,
      perViewer: 'query ($__eventId: ID!) { r: threadReply(id: $__eventId) { body author { displayName } } }',
    });
  });

  it('treats a whole subtree reaching other courses (an author\'s taught courses) as per viewer', () => {
    expect(split('query($__eventId: ID!) { m: chatMessage(id: $__eventId) { body author { taughtCourses { title exercises { title } } } } }').perViewer)
      .toBe('query ($__eventId: ID!) { m: chatMessage(id: $__eventId) { author { taughtCourses { title exercises { title } } } } }');
  });

  it('spells named fragments out and keeps only the variables each part uses', () => {
    expect(split('query($__eventId: ID!, $n: ID!) { q: question(id: $__eventId) { ...Q } } fragment Q on Question { viewerVote course { lesson(id: $n) { title } } }')).toEqual({
      shared: 'query ($__eventId: ID!, $n: ID!) { q: question(id: $__eventId) { ... on Question { course { lesson(id: $n) { title } } } } }',
      perViewer: 'query ($__eventId: ID!) { q: question(id: $__eventId) { ... on Question { viewerVote } } }',
    });
  });

  it('runs the whole payload per viewer when a per-viewer field sits under a list, whose items the two parts might not agree on', () => {
    const query = 'query ($__eventId: ID!) { q: question(id: $__eventId) { title course { supplements { title file { url } } } } }';
    expect(split(query)).toEqual({ shared: null, perViewer: flat(query) });
  });
});

describe('the two parts merged back', () => {
  it('join objects key by key at every depth', () => {
    expect(mergeData({ q: { title: 'T', course: { title: 'C' } } }, { q: { viewerVote: 1, course: { viewerHasWishlisted: true } } }))
      .toEqual({ q: { title: 'T', viewerVote: 1, course: { title: 'C', viewerHasWishlisted: true } } });
  });

  it('keep a null from either side: a refusal nulls its parent', () => {
    expect(mergeData({ q: null }, { q: { viewerVote: 1 } })).toEqual({ q: null });
    expect(mergeData({ q: { title: 'T', course: { title: 'C' } } }, { q: { course: null } })).toEqual({ q: { title: 'T', course: null } });
  });

  it('carry the errors of both', () => {
    const merged = mergeResults({ data: { q: { title: 'T' } }, errors: [{ message: 'a' } as never] }, { data: { q: { viewerVote: 0 } }, errors: [{ message: 'b' } as never] });
    expect(merged).toEqual({ data: { q: { title: 'T', viewerVote: 0 } }, errors: [{ message: 'a' }, { message: 'b' }] });
    expect(mergeResults({ data: { q: { title: 'T' } } }, undefined)).toEqual({ data: { q: { title: 'T' } } });
  });
});
