import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '@lg/platform/testing';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Who may start a conversation with whom is decided for all recipients at once: the reads are the
// same few whether one person or seven are written to.

let t: TestStack;
let writer: TestUser;
let classmates: TestUser[];
let groupMate: TestUser;
let stranger: TestUser;

const SEND = `mutation($to: [ID!]!, $b: String!) { sendDirectMessage(input: { recipientIds: $to, body: $b }) { id conversation { id } } }`;
const COMMUNITY_COLLECTIONS = ['engagement_memberships', 'engagement_courses', 'engagement_study_groups'];

beforeAll(async () => {
  t = await startTestStack({ CACHES: 'off' });
  const instructor = await signUp(t, ['INSTRUCTOR']);
  const [course, other] = [await createCourse(t, instructor), await createCourse(t, instructor)];
  const call = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const res = await t.gql(query, variables, { token: user.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const enroll = (user: TestUser, courseId: string) => call(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, user);
  writer = await signUp(t);
  classmates = await Promise.all(Array.from({ length: 6 }, () => signUp(t)));
  [groupMate, stranger] = [await signUp(t), await signUp(t)];
  for (const user of [writer, ...classmates]) await enroll(user, course.id);
  // The group mate takes only the other course: the study group across both courses is all they share with the writer.
  await enroll(groupMate, other.id);
  await enroll(stranger, other.id);
  const group = await call(`mutation($c: [ID!]!) { createStudyGroup(input: { name: "Across courses", courseIds: $c, capacity: 10 }) { id } }`, { c: [course.id, other.id] }, instructor);
  for (const user of [writer, groupMate]) await call(`mutation($g: ID!) { joinStudyGroup(groupId: $g) { id } }`, { g: group.createStudyGroup.id }, user);
}, 240_000);
afterAll(async () => t?.close());

describe('starting a conversation with seven people', () => {
  it('reads the enrolments, the taught courses and the study groups once each, for all seven together', async () => {
    const recipients = [...classmates, groupMate].map((u) => u.id);
    const count = await t.countCommands(async () => {
      const res = await t.gql(SEND, { to: recipients, b: 'Hello, all seven' }, { token: writer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.sendDirectMessage.conversation.id).toBeTruthy();
    }, COMMUNITY_COLLECTIONS);
    console.log('community reads for 7 recipients', count.byCollection);
    expect(count.byCollection).toEqual({ 'find engagement_memberships': 1, 'find engagement_courses': 1, 'find engagement_study_groups': 1 });
  });

  it('with only classmates among them, needs no read of the study groups', async () => {
    const count = await t.countCommands(async () => {
      const res = await t.gql(SEND, { to: classmates.map((u) => u.id), b: 'Hello, classmates' }, { token: writer.token });
      expect(res.errors).toBeUndefined();
    }, COMMUNITY_COLLECTIONS);
    expect(count.byCollection).toEqual({ 'find engagement_memberships': 1, 'find engagement_courses': 1 });
  });

  it('is refused when one of the seven shares nothing with the writer, and nothing is sent', async () => {
    const recipients = [...classmates.slice(0, 6), stranger].map((u) => u.id);
    const res = await t.gql(SEND, { to: recipients, b: 'Hello, stranger' }, { token: writer.token });
    expect(codeOf(res)).toBe('FORBIDDEN');
    const conversations = await t.gql(`{ conversations(first: 20) { edges { node { id lastMessage { body } } } } }`, {}, { token: stranger.token });
    expect(conversations.errors).toBeUndefined();
    expect(conversations.data!.conversations.edges).toEqual([]);
  });
});
