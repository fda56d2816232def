import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { CREATE_GROUP, JOIN_GROUP, RSVP, SCHEDULE, enrolAll, inHours, ok, parseIcs, student, type Student } from '../support/community.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Study groups and community events through the running gateway: capacity under concurrent joins
// and RSVPs, invites and join requests with their notifications, peer matching, reminders, the
// iCalendar export, and bad inputs (each with its code, nothing changed).

let t: TestStack;
let instructor: TestUser;
let courseId: string;
let otherCourseId: string;
let owner: Student;
let crowd: Student[];

const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.map((e) => e.extensions?.code);

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Groups Instructor');
  courseId = (await createCourse(t, instructor, { title: 'Groups course' })).id;
  otherCourseId = (await createCourse(t, instructor, { title: 'Second groups course' })).id;
  owner = student(t);
  crowd = Array.from({ length: 50 }, () => student(t));
  await enrolAll(t, courseId, [owner, ...crowd]);
  await enrolAll(t, otherCourseId, [owner, crowd[0]!]);
});
afterAll(async () => t?.close());

const group = (who: Student, input: Record<string, unknown>) =>
  ok(t, who, CREATE_GROUP, { input: { name: 'A study group', courseIds: [courseId], capacity: 10, ...input } }).then((d) => d.createStudyGroup);

describe('capacity under concurrency', () => {
  it('50 students joining a public group of 10 at once: exactly 10 members (the owner and 9), the others CONFLICT', async () => {
    const { id } = await group(owner, { name: 'Crowded group' });
    const results = await Promise.all(crowd.map((s) => t.gql(JOIN_GROUP, { g: id }, { token: s.token })));
    const joined = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(joined).toHaveLength(9);
    expect(new Set(refused.flatMap(codeOf))).toEqual(new Set(['CONFLICT']));
    const after = await ok(t, owner, `query($g: ID!) { studyGroup(id: $g) { memberCount members(first: 100) { totalCount } } }`, { g: id });
    expect(after.studyGroup).toEqual({ memberCount: 10, members: { totalCount: 10 } });
  });

  it('50 concurrent RSVPs GOING for 10 places: exactly 10 going, 40 CONFLICT, and a place given back is taken again', async () => {
    const event = (await ok(t, instructor, SCHEDULE, { input: { courseId, title: 'Exam review', startsAt: inHours(48), durationMinutes: 60, place: 'Room 4', capacity: 10 } })).scheduleEvent;
    const results = await Promise.all(crowd.map((s) => t.gql(RSVP, { e: event.id, r: 'GOING' }, { token: s.token })));
    const going = results.filter((r) => !r.errors);
    expect(going).toHaveLength(10);
    expect(new Set(results.filter((r) => r.errors).flatMap(codeOf))).toEqual(new Set(['CONFLICT']));
    const read = `query($e: ID!) { communityEvent(id: $e) { goingCount spotsLeft } }`;
    expect((await ok(t, owner, read, { e: event.id })).communityEvent).toEqual({ goingCount: 10, spotsLeft: 0 });

    const goer = crowd[results.findIndex((r) => !r.errors)]!;
    const waiting = crowd[results.findIndex((r) => r.errors)]!;
    expect((await ok(t, goer, RSVP, { e: event.id, r: 'MAYBE' })).rsvp).toMatchObject({ goingCount: 9, maybeCount: 1, viewerRsvp: 'MAYBE' });
    expect((await ok(t, waiting, RSVP, { e: event.id, r: 'GOING' })).rsvp).toMatchObject({ goingCount: 10, spotsLeft: 0, viewerRsvp: 'GOING' });
    expect(codeOf(await t.gql(RSVP, { e: event.id, r: 'GOING' }, { token: goer.token }))).toEqual(['CONFLICT']);
  });

  it('answering GOING twice keeps one place', async () => {
    const event = (await ok(t, instructor, SCHEDULE, { input: { courseId, title: 'Twice', startsAt: inHours(10), durationMinutes: 30, onlineUrl: 'https://meet.example.com/twice', capacity: 3 } })).scheduleEvent;
    await ok(t, owner, RSVP, { e: event.id, r: 'GOING' });
    expect((await ok(t, owner, RSVP, { e: event.id, r: 'GOING' })).rsvp).toMatchObject({ goingCount: 1, spotsLeft: 2 });
  });
});

describe('invite-only groups', () => {
  it('a classmate without an invite asks to join; the owner is notified, sees the request and approves it', async () => {
    const { id } = await group(owner, { name: 'Quiet corner', visibility: 'INVITE_ONLY', capacity: 5 });
    const asker = crowd[1]!;
    expect((await ok(t, asker, JOIN_GROUP, { g: id })).joinStudyGroup).toEqual({ id, memberCount: 1, viewerStatus: 'REQUESTED' });
    expect(codeOf(await t.gql(`mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "hi") { id } }`, { g: id }, { token: asker.token }))).toEqual(['FORBIDDEN']);
    await expect.poll(async () => (await ok(t, owner, `{ myNotifications { edges { node { kind message } } } }`)).myNotifications.edges.map((e: any) => e.node))
      .toContainEqual({ kind: 'GROUP_JOIN_REQUEST', message: 'Someone asked to join your study group “Quiet corner”.' });
    const requests = await ok(t, owner, `query($g: ID!) { studyGroup(id: $g) { joinRequests { edges { node { user { id } } } } } }`, { g: id });
    expect(requests.studyGroup.joinRequests.edges).toEqual([{ node: { user: { id: asker.id } } }]);
    const approved = await ok(t, owner, `mutation($g: ID!, $u: ID!) { approveJoinRequest(groupId: $g, userId: $u) { memberCount joinRequests { totalCount } } }`, { g: id, u: asker.id });
    expect(approved.approveJoinRequest).toEqual({ memberCount: 2, joinRequests: { totalCount: 0 } });
  });

  it('an invite link lets a classmate in at once; an invite sent to someone notifies them and lets them in without the link', async () => {
    const { id } = await group(owner, { name: 'Invite only', visibility: 'INVITE_ONLY', capacity: 5 });
    const link = (await ok(t, owner, `mutation($g: ID!) { createGroupInvite(groupId: $g) { token expiresAt invitee { id } } }`, { g: id })).createGroupInvite;
    expect(link.invitee).toBeNull();
    expect((await ok(t, crowd[2]!, JOIN_GROUP, { g: id, t: link.token })).joinStudyGroup).toMatchObject({ memberCount: 2, viewerStatus: 'MEMBER' });

    const invitee = crowd[3]!;
    await ok(t, owner, `mutation($g: ID!, $u: ID!) { createGroupInvite(groupId: $g, inviteeId: $u) { token } }`, { g: id, u: invitee.id });
    await expect.poll(async () => (await ok(t, invitee, `{ myNotifications { edges { node { kind message } } } }`)).myNotifications.edges.map((e: any) => e.node))
      .toContainEqual({ kind: 'GROUP_INVITATION', message: 'You are invited to the study group “Invite only”.' });
    expect((await ok(t, invitee, `query($g: ID!) { studyGroup(id: $g) { viewerStatus } }`, { g: id })).studyGroup.viewerStatus).toBe('INVITED');
    expect((await ok(t, invitee, JOIN_GROUP, { g: id })).joinStudyGroup).toMatchObject({ memberCount: 3, viewerStatus: 'MEMBER' });
  });

  it('a wrong, foreign or expired-looking token is BAD_USER_INPUT and joins nobody', async () => {
    const { id } = await group(owner, { name: 'Locked', visibility: 'INVITE_ONLY', capacity: 5 });
    const other = (await group(owner, { name: 'Other', visibility: 'INVITE_ONLY' })).id;
    const foreign = (await ok(t, owner, `mutation($g: ID!) { createGroupInvite(groupId: $g) { token } }`, { g: other })).createGroupInvite.token;
    for (const token of ['not-a-token', foreign, 'x'.repeat(101)]) {
      const res = await t.gql(JOIN_GROUP, { g: id, t: token }, { token: crowd[4]!.token });
      expect(codeOf(res)).toEqual(['BAD_USER_INPUT']);
    }
    expect((await ok(t, owner, `query($g: ID!) { studyGroup(id: $g) { memberCount joinRequests { totalCount } } }`, { g: id })).studyGroup).toEqual({ memberCount: 1, joinRequests: { totalCount: 0 } });
  });
});

describe('peer matching', () => {
  it('ranks a group sharing more of my courses above one sharing only this course', async () => {
    const narrow = (await group(crowd[10]!, { name: 'Only this course', capacity: 5 })).id;
    await enrolAll(t, otherCourseId, [crowd[11]!]);
    const wide = (await group(owner, { name: 'Both courses', courseIds: [courseId, otherCourseId], capacity: 5 })).id;
    const suggested = (await ok(t, crowd[0]!, `query($c: ID!) { suggestedStudyGroups(courseId: $c, first: 20) { group { id } score sharedCourses } }`, { c: courseId })).suggestedStudyGroups;
    const ids = suggested.map((s: any) => s.group.id);
    expect(ids.indexOf(wide)).toBeLessThan(ids.indexOf(narrow));
    expect(suggested.find((s: any) => s.group.id === wide).sharedCourses).toBe(2);
  });
});

describe('the iCalendar export', () => {
  it('is an RFC 5545 calendar with one event at the scheduled time, its text escaped and long lines folded', async () => {
    const startsAt = '2027-03-01T17:30:00.000Z';
    const title = 'Review; chapters 1, 2 and a very long title that will need folding past seventy-five octets ✓';
    const event = (await ok(t, instructor, SCHEDULE, { input: { courseId, title, startsAt, durationMinutes: 90, onlineUrl: 'https://meet.example.com/review', capacity: 20 } })).scheduleEvent;
    const { communityEvent } = await ok(t, owner, `query($e: ID!) { communityEvent(id: $e) { ics } }`, { e: event.id });
    const calendar = parseIcs(communityEvent.ics);
    expect(calendar.name).toBe('VCALENDAR');
    expect(calendar.props.get('VERSION')).toEqual(['2.0']);
    expect(calendar.props.get('PRODID')).toHaveLength(1);
    const [vevent] = calendar.children;
    expect(vevent!.name).toBe('VEVENT');
    expect(vevent!.props.get('UID')).toEqual([`${event.id}@learning-graph`]);
    expect(vevent!.props.get('DTSTART')).toEqual(['20270301T173000Z']);
    expect(vevent!.props.get('DTEND')).toEqual(['20270301T190000Z']);
    expect(vevent!.props.get('DTSTAMP')![0]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(vevent!.props.get('SUMMARY')).toEqual([title.replace(/;/g, '\\;').replace(/,/g, '\\,')]);
    expect(vevent!.props.get('URL')).toEqual(['https://meet.example.com/review']);
  });
});

describe('reminders', () => {
  it('everyone going or maybe going is reminded once before the event starts, however often the timer runs', async () => {
    const event = (await ok(t, instructor, SCHEDULE, { input: { courseId, title: 'Starts soon', startsAt: inHours(0.5), durationMinutes: 30, place: 'Library', capacity: 5 } })).scheduleEvent;
    const [going, maybe, no] = [crowd[20]!, crowd[21]!, crowd[22]!];
    await ok(t, going, RSVP, { e: event.id, r: 'GOING' });
    await ok(t, maybe, RSVP, { e: event.id, r: 'MAYBE' });
    await ok(t, no, RSVP, { e: event.id, r: 'NO' });
    const calendar = t.stack.subgraphs.engagement.services.calendar;
    // Two timers (two instances, or a restart) looking at once: the reminder is claimed once.
    const sent = await Promise.all([calendar.sendDueReminders(60 * 60_000), calendar.sendDueReminders(60 * 60_000)]);
    expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(await calendar.sendDueReminders(60 * 60_000)).toBe(0);
    const reminders = async (who: Student) =>
      (await ok(t, who, `{ myNotifications { edges { node { kind message } } } }`)).myNotifications.edges.filter((e: any) => e.node.kind === 'EVENT_REMINDER');
    await expect.poll(async () => (await reminders(going)).length).toBe(1);
    await expect.poll(async () => (await reminders(maybe)).length).toBe(1);
    expect((await reminders(going))[0].node.message).toMatch(/^“Starts soon” starts in \d+ minutes/);
    expect(await reminders(no)).toEqual([]);
  });
});

describe('bad inputs: each refused with its code, nothing created', () => {
  const create = (input: Record<string, unknown>) => t.gql(CREATE_GROUP, { input: { name: 'G', courseIds: [courseId], capacity: 5, ...input } }, { token: owner.token });
  const schedule = (input: Record<string, unknown>) =>
    t.gql(SCHEDULE, { input: { courseId, title: 'E', startsAt: inHours(5), durationMinutes: 30, place: 'Here', capacity: 5, ...input } }, { token: instructor.token });
  const cases: [string, () => Promise<any>, string][] = [
    ['a group name of 81 characters', () => create({ name: 'n'.repeat(81) }), 'BAD_USER_INPUT'],
    ['an empty group name', () => create({ name: '   ' }), 'BAD_USER_INPUT'],
    ['a capacity of 0', () => create({ capacity: 0 }), 'BAD_USER_INPUT'],
    ['a capacity of 1001', () => create({ capacity: 1001 }), 'BAD_USER_INPUT'],
    ['no course', () => create({ courseIds: [] }), 'BAD_USER_INPUT'],
    ['six courses', () => create({ courseIds: Array.from({ length: 6 }, () => courseId) }), 'BAD_USER_INPUT'],
    ['a malformed course id', () => create({ courseIds: ['nope'] }), 'BAD_USER_INPUT'],
    ['a group message of 2001 characters', async () => {
      const { id } = await group(owner, { name: 'Talkers' });
      return t.gql(`mutation($g: ID!, $b: String!) { sendGroupMessage(groupId: $g, body: $b) { id } }`, { g: id, b: 'x'.repeat(2001) }, { token: owner.token });
    }, 'BAD_USER_INPUT'],
    ['an event in the past', () => schedule({ startsAt: inHours(-1) }), 'BAD_USER_INPUT'],
    ['an event with both a link and a place', () => schedule({ onlineUrl: 'https://x.example.com' }), 'BAD_USER_INPUT'],
    ['an event link that is javascript:', () => schedule({ place: null, onlineUrl: 'javascript:alert(1)' }), 'BAD_USER_INPUT'],
    ['an event of 4 minutes', () => schedule({ durationMinutes: 4 }), 'BAD_USER_INPUT'],
    ['an event for a course and a group at once', () => schedule({ groupId: courseId }), 'BAD_USER_INPUT'],
    ['studyGroups with neither a course nor mine', () => t.gql(`{ studyGroups(filter: {}) { totalCount } }`, {}, { token: owner.token }), 'BAD_USER_INPUT'],
    ['studyGroups with first: 101', () => t.gql(`query($c: ID!) { studyGroups(filter: { courseId: $c }, first: 101) { totalCount } }`, { c: courseId }, { token: owner.token }), 'BAD_USER_INPUT'],
    ['suggestedStudyGroups with first: 21', () => t.gql(`query($c: ID!) { suggestedStudyGroups(courseId: $c, first: 21) { score } }`, { c: courseId }, { token: owner.token }), 'BAD_USER_INPUT'],
    ['an invite valid for 721 hours', async () => {
      const { id } = await group(owner, { name: 'Long invite' });
      return t.gql(`mutation($g: ID!) { createGroupInvite(groupId: $g, expiresInHours: 721) { token } }`, { g: id }, { token: owner.token });
    }, 'BAD_USER_INPUT'],
    ['an invite to a stranger (in none of the group\'s courses)', async () => {
      const { id } = await group(owner, { name: 'No strangers' });
      return t.gql(`mutation($g: ID!, $u: ID!) { createGroupInvite(groupId: $g, inviteeId: $u) { token } }`, { g: id, u: student(t).id }, { token: owner.token });
    }, 'BAD_USER_INPUT'],
    ['the owner leaving their group', async () => {
      const { id } = await group(owner, { name: 'Owned' });
      return t.gql(`mutation($g: ID!) { leaveStudyGroup(groupId: $g) { id } }`, { g: id }, { token: owner.token });
    }, 'CONFLICT'],
  ];
  for (const [name, run, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const before = await ok(t, owner, `{ studyGroups(filter: { mine: true }) { totalCount } }`);
      const res = await run();
      expect(codeOf(res)).toEqual([code]);
      const after = await ok(t, owner, `{ studyGroups(filter: { mine: true }) { totalCount } }`);
      // Cases that made a group to act on made exactly that one.
      expect(after.studyGroups.totalCount - before.studyGroups.totalCount).toBeLessThanOrEqual(1);
    });
  }
});

describe("moderating a group's chat", () => {
  const SEND = `mutation($g: ID!, $b: String!) { sendGroupMessage(groupId: $g, body: $b) { id } }`;
  const CHAT = `query($g: ID!) { studyGroup(id: $g) { messages(last: 20) { edges { node { id body editedAt } } } } }`;
  const EDIT = `mutation($id: ID!, $b: String!) { editPost(input: { kind: GROUP_MESSAGE, id: $id, body: $b }) { ... on GroupMessage { id body editedAt } } }`;
  const HIDE = `mutation($id: ID!) { hidePost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Off topic" }) { ... on GroupMessage { id hiddenAt } } }`;
  const REPORT = `mutation($id: ID!) { reportPost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Spam" }) { id } }`;
  const chatOf = async (who: Student, g: string) =>
    (await ok(t, who, CHAT, { g })).studyGroup.messages.edges.map((e: { node: { id: string; body: string; editedAt: string | null } }) => e.node);

  it('the author edits their message, a member reports another, ADMIN hides it and other members no longer see it; outsiders are refused', async () => {
    const { id: g } = await group(owner, { name: 'Moderated group' });
    const member = crowd[40]!;
    const outsider = crowd[41]!;
    await ok(t, member, JOIN_GROUP, { g });
    const first = (await ok(t, member, SEND, { g, b: 'Hello all' })).sendGroupMessage.id;
    const spam = (await ok(t, owner, SEND, { g, b: 'Buy now' })).sendGroupMessage.id;

    const edited = (await ok(t, member, EDIT, { id: first, b: 'Hello, everyone' })).editPost;
    expect(edited.body).toBe('Hello, everyone');
    expect(edited.editedAt).not.toBeNull();
    // Not the author: refused, and the message is as it was.
    expect(codeOf(await t.gql(EDIT, { id: spam, b: 'Changed' }, { token: member.token }))).toEqual(['FORBIDDEN']);
    // Not in the group (a classmate of its course): they may not read it, so may not report it.
    expect(codeOf(await t.gql(REPORT, { id: spam }, { token: outsider.token }))).toEqual(['FORBIDDEN']);

    await ok(t, member, REPORT, { id: spam });
    // Outside courses, ADMIN moderates: the report is in ADMIN's queue and ADMIN hides the message.
    const admin = await signUp(t, ['ADMIN'], 'Group Moderator');
    const queue = await t.gql(`{ moderationQueue(first: 50) { edges { node { kind postId } } } }`, {}, { token: admin.token });
    expect(queue.data!.moderationQueue.edges.map((e: { node: { postId: string } }) => e.node.postId)).toContain(spam);
    const hidden = await t.gql(HIDE, { id: spam }, { token: admin.token });
    expect(hidden.errors).toBeUndefined();

    const seen = await chatOf(member, g);
    expect(seen.map((m: { id: string }) => m.id)).toEqual([first]);
    expect((await chatOf(owner, g)).map((m: { id: string }) => m.id)).toContain(spam);
  });

  const HIDDEN_CHAT = `query($g: ID!) { studyGroup(id: $g) { messages(last: 20) { totalCount edges { node { id hiddenAt hiddenReason } } } } }`;
  const READ = `query($id: ID!) { groupMessage(id: $id) { id body hiddenAt hiddenReason deletedAt } }`;
  const UNHIDE = `mutation($id: ID!) { unhidePost(input: { kind: GROUP_MESSAGE, id: $id }) { ... on GroupMessage { id hiddenAt } } }`;
  const hiddenChatOf = async (who: Student, g: string) => (await ok(t, who, HIDDEN_CHAT, { g })).studyGroup.messages;
  const read = async (who: Student, id: string) => (await ok(t, who, READ, { id })).groupMessage;

  it("the group's owner hides a member's message with a reason: the other members stop seeing it, its author and the owner see it marked hidden; the owner unhides it", async () => {
    const { id: g } = await group(owner, { name: 'Owner-moderated group' });
    const [author, other] = [crowd[30]!, crowd[31]!];
    for (const who of [author, other]) await ok(t, who, JOIN_GROUP, { g });
    const kept = (await ok(t, other, SEND, { g, b: 'Hello all' })).sendGroupMessage.id;
    const rude = (await ok(t, author, SEND, { g, b: 'Something rude' })).sendGroupMessage.id;

    const hidden = await t.gql(`mutation($id: ID!) { hidePost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Be kind" }) { ... on GroupMessage { id hiddenAt hiddenReason } } }`, { id: rude }, { token: owner.token });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!.hidePost).toMatchObject({ id: rude, hiddenReason: 'Be kind' });
    expect(hidden.data!.hidePost.hiddenAt).not.toBeNull();

    // Gone for the other member, in the list and by id.
    expect(await hiddenChatOf(other, g)).toEqual({ totalCount: 1, edges: [{ node: { id: kept, hiddenAt: null, hiddenReason: null } }] });
    expect(await read(other, rude)).toBeNull();
    // There for its author and the owner, marked hidden with the reason.
    for (const who of [author, owner]) {
      const list = await hiddenChatOf(who, g);
      expect(list.totalCount).toBe(2);
      expect(list.edges.find((e: { node: { id: string } }) => e.node.id === rude).node).toMatchObject({ hiddenReason: 'Be kind', hiddenAt: expect.any(String) });
      expect(await read(who, rude)).toMatchObject({ id: rude, body: 'Something rude', hiddenReason: 'Be kind', deletedAt: null });
    }

    expect((await ok(t, owner, UNHIDE, { id: rude })).unhidePost.hiddenAt).toBeNull();
    expect((await hiddenChatOf(other, g)).totalCount).toBe(2);
    expect(await read(other, rude)).toMatchObject({ id: rude, hiddenAt: null });
  });

  it("a plain member cannot hide or unhide a message of their group (FORBIDDEN), and nothing changes; nor can another group's owner", async () => {
    const { id: g } = await group(owner, { name: 'Members cannot moderate' });
    const [author, member] = [crowd[32]!, crowd[33]!];
    for (const who of [author, member]) await ok(t, who, JOIN_GROUP, { g });
    const message = (await ok(t, author, SEND, { g, b: 'Nothing to hide' })).sendGroupMessage.id;
    const otherOwner = crowd[34]!;
    await group(otherOwner, { name: 'Another group' });
    await ok(t, otherOwner, JOIN_GROUP, { g });
    for (const who of [member, author, otherOwner]) {
      expect(codeOf(await t.gql(HIDE, { id: message }, { token: who.token }))).toEqual(['FORBIDDEN']);
      expect(codeOf(await t.gql(UNHIDE, { id: message }, { token: who.token }))).toEqual(['FORBIDDEN']);
    }
    expect(await read(member, message)).toMatchObject({ id: message, hiddenAt: null, hiddenReason: null });
    expect((await hiddenChatOf(member, g)).totalCount).toBe(1);
  });

  it('a deleted message is gone for everyone: its author, the owner and ADMIN included, in the list and by id', async () => {
    const { id: g } = await group(owner, { name: 'Deleting group' });
    const author = crowd[35]!;
    await ok(t, author, JOIN_GROUP, { g });
    const message = (await ok(t, author, SEND, { g, b: 'I will take this back' })).sendGroupMessage.id;
    const admin = await signUp(t, ['ADMIN'], 'Group Deletion Admin');
    expect((await ok(t, author, `mutation($id: ID!) { deletePost(input: { kind: GROUP_MESSAGE, id: $id }) }`, { id: message })).deletePost).toBe(true);
    for (const who of [author, owner, admin]) {
      expect(await read(who, message)).toBeNull();
      expect(await hiddenChatOf(who, g)).toEqual({ totalCount: 0, edges: [] });
    }
    // Nothing left to moderate either.
    expect(codeOf(await t.gql(HIDE, { id: message }, { token: owner.token }))).toEqual(['NOT_FOUND']);
  });
});

describe('a study group across courses', () => {
  const DM = `mutation($to: ID!) { sendDirectMessage(input: { recipientIds: [$to], body: "Hi from the group" }) { id } }`;

  it('lets two of its members who share no course message each other; someone of the other course outside the group stays a stranger', async () => {
    const { id: g } = await group(owner, { name: 'Across two courses', courseIds: [courseId, otherCourseId] });
    const [here, there, outside] = [crowd[45]!, student(t), student(t)];
    await enrolAll(t, otherCourseId, [there, outside]);
    // A stranger first: no shared course, no shared group.
    expect(codeOf(await t.gql(DM, { to: there.id }, { token: here.token }))).toEqual(['FORBIDDEN']);
    await ok(t, here, JOIN_GROUP, { g });
    await ok(t, there, JOIN_GROUP, { g });
    const sent = await t.gql(DM, { to: there.id }, { token: here.token });
    expect(sent.errors).toBeUndefined();
    expect(codeOf(await t.gql(DM, { to: outside.id }, { token: here.token }))).toEqual(['FORBIDDEN']);
  });
});
