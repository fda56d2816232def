import { afterAll, beforeAll } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { CREATE_GROUP, JOIN_GROUP, RSVP, SCHEDULE, inHours } from '../support/community.ts';
import { UNKNOWN_ID, callerTable, enrol, resultOf, together, twoPages, twoPagesBack, waitFor } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every field and mutation of study groups and community events, asked through the running
// gateway by eight callers around one course and one public group of it: `classmate`, `member`
// and `owner` are enrolled in the course, `member` and `owner` are in the group (the owner made
// it), `instructor` teaches the course, `outsider` and `otherInstructor` have nothing to do with it.

const callers = ['anonymous', 'outsider', 'classmate', 'member', 'owner', 'instructor', 'otherInstructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const labels: Record<Caller, string> = {
  anonymous: 'an anonymous caller',
  outsider: 'a student not in the course',
  classmate: 'an enrolled student not in the group',
  member: 'a member of the group',
  owner: "the group's owner",
  instructor: "the course's instructor",
  otherInstructor: 'another instructor',
  admin: 'an ADMIN',
};
let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let groupId: string;
let messageId: string;
let courseEventId: string;
let groupEventId: string;

const { matrix, as, signedIn, ok } = callerTable<Caller>({ actors: callers, labels }, () => t, () => people);

/** A fresh group of the course made by the owner, with `joiners` in it and `askers` asking to join an invite-only one. */
async function freshGroup(options: { visibility?: 'PUBLIC' | 'INVITE_ONLY'; joiners?: TestUser[]; askers?: TestUser[] } = {}): Promise<string> {
  const id = (await ok(people.owner, CREATE_GROUP, { input: { name: 'Fresh group', courseIds: [courseId], capacity: 50, visibility: options.visibility ?? 'PUBLIC' } })).createStudyGroup.id;
  for (const who of options.joiners ?? []) await ok(who, JOIN_GROUP, { g: id });
  if (options.askers?.length) {
    for (const who of options.askers) await ok(who, JOIN_GROUP, { g: id });
  }
  return id;
}

/** A new message of the member's in the matrix group. */
const freshMessage = async () => (await ok(people.member, `mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "A fresh message") { id } }`, { g: groupId })).sendGroupMessage.id as string;

beforeAll(async () => {
  t = await startTestStack();
  people = {
    outsider: await signUp(t, [], 'Groups Outsider'),
    classmate: await signUp(t, [], 'Groups Classmate'),
    member: await signUp(t, [], 'Groups Member'),
    owner: await signUp(t, [], 'Groups Owner'),
    instructor: await signUp(t, ['INSTRUCTOR'], 'Groups Instructor'),
    otherInstructor: await signUp(t, ['INSTRUCTOR'], 'Groups Other Instructor'),
    admin: await signUp(t, ['ADMIN'], 'Groups Admin'),
  };
  courseId = (await createCourse(t, people.instructor, { title: 'Groups matrix course' })).id;
  for (const who of [people.classmate, people.member, people.owner]) await enrol(t, who, courseId);
  groupId = (await ok(people.owner, CREATE_GROUP, { input: { name: 'Matrix group', description: 'We meet weekly.', courseIds: [courseId], capacity: 20 } })).createStudyGroup.id;
  await ok(people.member, JOIN_GROUP, { g: groupId });
  messageId = (await ok(people.member, `mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "Hello, matrix group") { id } }`, { g: groupId })).sendGroupMessage.id;
  courseEventId = (await ok(people.instructor, SCHEDULE, { input: { courseId, title: 'Course meetup', description: 'Bring questions.', startsAt: inHours(72), durationMinutes: 60, place: 'Hall A', capacity: 30 } })).scheduleEvent.id;
  groupEventId = (await ok(people.owner, SCHEDULE, { input: { groupId, title: 'Group session', startsAt: inHours(24), durationMinutes: 45, onlineUrl: 'https://meet.example.com/g', capacity: 5 } })).scheduleEvent.id;
  // Progress for peer matching: the owner and the classmate completed the course's one lesson.
  const lessonId = (await ok(people.instructor, `query($c: ID!) { course(id: $c) { sections { lessons { id } } } }`, { c: courseId })).course.sections[0].lessons[0].id;
  for (const who of [people.owner, people.classmate]) await ok(who, `mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonId });
  await waitFor(() => ok(people.classmate, `query($c: ID!) { suggestedStudyGroups(courseId: $c) { viewerLessonsCompleted membersLessonsCompleted } }`, { c: courseId }),
    (d) => d.suggestedStudyGroups[0]?.viewerLessonsCompleted === 1 && d.suggestedStudyGroups[0]?.membersLessonsCompleted === 0.5, 'the progress engagement learns');
});

/** Made once, when a row first needs them (after the rows that count the course's groups). */
const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};
/** An invite-only group of the course that the classmate asked to join. */
const askedGroup = once(() => freshGroup({ visibility: 'INVITE_ONLY', askers: [people.classmate] }));
/** A group with the member in it, and a message of theirs they deleted. */
const deletedMessage = once(async () => {
  const id = await freshGroup({ joiners: [people.member] });
  const message = (await ok(people.member, `mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "Soon deleted") { id } }`, { g: id })).sendGroupMessage.id as string;
  await ok(people.member, `mutation($m: ID!) { deletePost(input: { kind: GROUP_MESSAGE, id: $m }) }`, { m: message });
  return message;
});
afterAll(async () => t?.close());

/** Course members (enrolled, its instructor, ADMIN) get `value`; the others are refused. */
const courseMembers = (value: unknown) => signedIn(value, { outsider: 'FORBIDDEN', otherInstructor: 'FORBIDDEN' });
/** The group's members and ADMIN get `value`; everyone else is refused. */
const groupReaders = (value: unknown) => signedIn('FORBIDDEN', { member: value, owner: value, admin: value });
const signedInNull = signedIn(null);

matrix('study group and community event reads through the gateway, for each caller', [
  {
    name: "studyGroup(id) shows a group to the members of its course and its members, with the caller's own status",
    run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { name description memberCount capacity visibility viewerStatus owner { displayName } courses { title } createdAt } }`, { g: groupId }),
      (d) => ({ ...d.studyGroup, createdAt: Date.parse(d.studyGroup.createdAt) <= Date.now() })),
    expect: (() => {
      const shown = (viewerStatus: string) => ({
        name: 'Matrix group', description: 'We meet weekly.', memberCount: 2, capacity: 20, visibility: 'PUBLIC', viewerStatus, createdAt: true,
        owner: { displayName: 'Groups Owner' }, courses: [{ title: 'Groups matrix course' }],
      });
      return { ...courseMembers(shown('NONE')), member: shown('MEMBER'), owner: shown('OWNER') };
    })(),
    words: { classmate: 'the group, NONE', member: 'the group, MEMBER', owner: 'the group, OWNER', instructor: 'the group, NONE', admin: 'the group, NONE' },
  },
  { name: 'studyGroup(id) of an unknown id is null for anyone signed in', run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { id } }`, { g: UNKNOWN_ID }), (d) => d.studyGroup), expect: signedInNull },
  {
    name: "StudyGroup.members lists the group's members, owner first, to its members and ADMIN",
    run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { members { totalCount edges { node { role user { displayName } } } } } }`, { g: groupId }), (d) => d.studyGroup.members),
    expect: { ...groupReaders({ totalCount: 2, edges: [{ node: { role: 'OWNER', user: { displayName: 'Groups Owner' } } }, { node: { role: 'MEMBER', user: { displayName: 'Groups Member' } } }] }), outsider: 'FORBIDDEN', otherInstructor: 'FORBIDDEN' },
    words: { member: 'the two members', owner: 'the two members', admin: 'the two members' },
  },
  {
    name: 'StudyGroup.joinRequests is for the owner and ADMIN',
    run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { joinRequests { totalCount } } }`, { g: groupId }), (d) => d.studyGroup.joinRequests),
    expect: signedIn('FORBIDDEN', { owner: { totalCount: 0 }, admin: { totalCount: 0 } }),
  },
  {
    name: "StudyGroup.messages shows the group's chat to its members and ADMIN",
    run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { messages { totalCount edges { node { body editedAt deletedAt hiddenReason author { displayName } } } } } }`, { g: groupId }), (d) => d.studyGroup.messages),
    expect: groupReaders({ totalCount: 1, edges: [{ node: { body: 'Hello, matrix group', editedAt: null, deletedAt: null, hiddenReason: null, author: { displayName: 'Groups Member' } } }] }),
    words: { member: 'the message', owner: 'the message', admin: 'the message' },
  },
  {
    name: 'groupMessage(id) shows a message to the group\'s members and ADMIN',
    run: async (c) => resultOf(await as(c, `query($m: ID!) { groupMessage(id: $m) { body group { name } } }`, { m: messageId }), (d) => d.groupMessage),
    expect: groupReaders({ body: 'Hello, matrix group', group: { name: 'Matrix group' } }),
    words: { member: 'the message', owner: 'the message', admin: 'the message' },
  },
  { name: 'groupMessage(id) of an unknown id is null for anyone signed in', run: async (c) => resultOf(await as(c, `query($m: ID!) { groupMessage(id: $m) { id } }`, { m: UNKNOWN_ID }), (d) => d.groupMessage), expect: signedInNull },
  {
    name: "studyGroups(filter: { courseId }) lists the course's groups to its members",
    run: async (c) => resultOf(await as(c, `query($c: ID!) { studyGroups(filter: { courseId: $c, search: "matrix" }) { totalCount edges { node { name } } } }`, { c: courseId }), (d) => d.studyGroups),
    expect: courseMembers({ totalCount: 1, edges: [{ node: { name: 'Matrix group' } }] }),
  },
  {
    name: "studyGroups(filter: { mine: true }) lists the caller's own groups",
    run: async (c) => resultOf(await as(c, `{ studyGroups(filter: { mine: true, search: "matrix" }) { totalCount } }`), (d) => d.studyGroups),
    expect: signedIn({ totalCount: 0 }, { member: { totalCount: 1 }, owner: { totalCount: 1 } }),
  },
  {
    name: 'suggestedStudyGroups suggests the course\'s groups the caller is not in to its members',
    run: async (c) => resultOf(await as(c, `query($c: ID!) { suggestedStudyGroups(courseId: $c) { group { name } sharedCourses membersLessonsCompleted viewerLessonsCompleted } }`, { c: courseId }), (d) => d.suggestedStudyGroups),
    // The group's two members completed 1 and 0 lessons; the classmate 1, the staff none.
    expect: (() => {
      const suggested = (viewerLessonsCompleted: number) => [{ group: { name: 'Matrix group' }, sharedCourses: 1, membersLessonsCompleted: 0.5, viewerLessonsCompleted }];
      return { ...courseMembers(suggested(0)), classmate: suggested(1), member: [], owner: [] };
    })(),
  },
  {
    name: "courseEvents lists the course's upcoming events to its members",
    run: async (c) => resultOf(await as(c, `query($c: ID!) { courseEvents(courseId: $c, first: 10, includePast: false) { totalCount edges { node {
      title description place capacity goingCount viewerRsvp organizer { displayName } startsAt endsAt durationMinutes createdAt } } } }`, { c: courseId }),
    (d) => ({ ...d.courseEvents, edges: d.courseEvents.edges.map(({ node: { startsAt, endsAt, createdAt, ...node } }: any) => ({
      node: { ...node, endsAfterItsDuration: Date.parse(endsAt) - Date.parse(startsAt) === node.durationMinutes * 60_000, createdBeforeItStarts: Date.parse(createdAt) < Date.parse(startsAt) },
    })) })),
    expect: courseMembers({ totalCount: 1, edges: [{ node: {
      title: 'Course meetup', description: 'Bring questions.', place: 'Hall A', capacity: 30, goingCount: 0, viewerRsvp: null, organizer: { displayName: 'Groups Instructor' },
      durationMinutes: 60, endsAfterItsDuration: true, createdBeforeItStarts: true,
    } }] }),
    words: { classmate: 'the meetup', member: 'the meetup', owner: 'the meetup', instructor: 'the meetup', admin: 'the meetup' },
  },
  {
    name: "communityEvent(id) of a course's event is for the course's members",
    run: async (c) => resultOf(await as(c, `query($e: ID!) { communityEvent(id: $e) { title course { title } group { id } } }`, { e: courseEventId }), (d) => d.communityEvent),
    expect: courseMembers({ title: 'Course meetup', course: { title: 'Groups matrix course' }, group: null }),
  },
  {
    name: "communityEvent(id) of a group's event is for the group's members and ADMIN",
    run: async (c) => resultOf(await as(c, `query($e: ID!) { communityEvent(id: $e) { title onlineUrl group { name } } }`, { e: groupEventId }), (d) => d.communityEvent),
    expect: groupReaders({ title: 'Group session', onlineUrl: 'https://meet.example.com/g', group: { name: 'Matrix group' } }),
  },
  { name: 'communityEvent(id) of an unknown id is null for anyone signed in', run: async (c) => resultOf(await as(c, `query($e: ID!) { communityEvent(id: $e) { id } }`, { e: UNKNOWN_ID }), (d) => d.communityEvent), expect: signedInNull },
  {
    name: 'presence(scope: { groupId }) answers who of the group is online to its members and ADMIN only',
    run: async (c) => resultOf(await as(c, `query($g: ID!) { presence(scope: { groupId: $g }) { onlineCount online { id } } }`, { g: groupId }), (d) => d.presence),
    expect: groupReaders({ onlineCount: 0, online: [] }),
    words: { member: 'nobody online', owner: 'nobody online', admin: 'nobody online' },
  },
  {
    name: "presenceChange(id) of a group's member answers the group's members and ADMIN only",
    run: async (c) => resultOf(await as(c, `query($id: ID!) { presenceChange(id: $id) { groupId courseId online user { displayName } } }`, { id: `group:${groupId}:${people.member.id}:1:1700000000000` }), (d) => ({ ...d.presenceChange, groupId: d.presenceChange.groupId === groupId })),
    expect: groupReaders({ groupId: true, courseId: null, online: true, user: { displayName: 'Groups Member' } }),
    words: { member: 'the change', owner: 'the change', admin: 'the change' },
  },
  {
    name: 'presenceChange(id) of someone outside the group is null for its members and ADMIN (the gateway sends nothing)',
    run: async (c) => resultOf(await as(c, `query($id: ID!) { presenceChange(id: $id) { online } }`, { id: `group:${groupId}:${people.classmate.id}:0:1700000000000` }), (d) => d.presenceChange),
    expect: groupReaders(null),
  },
  {
    name: "postChange(id) of a group message is for the group's members and ADMIN",
    run: async (c) => resultOf(await as(c, `query($id: ID!) { postChange(id: $id) { change kind groupMessage { body } } }`, { id: `EDITED:GROUP_MESSAGE:${messageId}` }), (d) => d.postChange),
    expect: groupReaders({ change: 'EDITED', kind: 'GROUP_MESSAGE', groupMessage: { body: 'Hello, matrix group' } }),
  },
  {
    name: "StudyGroup.events lists the group's events to its members and ADMIN",
    run: async (c) => resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { events { totalCount edges { node { title } } } } }`, { g: groupId }), (d) => d.studyGroup.events),
    expect: groupReaders({ totalCount: 1, edges: [{ node: { title: 'Group session' } }] }),
  },
  {
    name: 'StudyGroup.members(first, after) pages the members, each with when they joined, to its members and ADMIN',
    run: async (c) => twoPages((after) => as(c, `query($g: ID!, $a: String) { studyGroup(id: $g) { members(first: 1, after: $a) {
      pageInfo { hasNextPage endCursor } edges { cursor node { joinedAt user { displayName } } } } } }`, { g: groupId, a: after }), (d) => d.studyGroup.members,
    (n) => [n.user.displayName, Date.parse(n.joinedAt) <= Date.now()]),
    expect: groupReaders({ nodes: [['Groups Owner', true], ['Groups Member', true]], hasNextPage: [true, false], cursorsEndPages: true }),
    words: { member: 'the owner, then the member', owner: 'the owner, then the member', admin: 'the owner, then the member' },
  },
  {
    name: "StudyGroup.events(first, after), StudyGroup.messages(last, before) and courseEvents(first, after) page a group's events and chat and a course's events",
    run: async (c) => {
      const events = await twoPages((after) => as(c, `query($g: ID!, $a: String) { studyGroup(id: $g) { events(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { title } } } } }`,
        { g: groupId, a: after }), (d) => d.studyGroup.events, (n) => n.title);
      const chat = await twoPagesBack((before) => as(c, `query($g: ID!, $b: String) { studyGroup(id: $g) { messages(last: 1, before: $b) { edges { cursor node { body } } } } }`,
        { g: groupId, b: before }), (d) => d.studyGroup.messages, (n) => n.body);
      const course = await twoPages((after) => as(c, `query($c: ID!, $a: String) { courseEvents(courseId: $c, first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }`,
        { c: courseId, a: after }), (d) => d.courseEvents, (n) => n.title);
      return [events, chat, course];
    },
    expect: together(
      groupReaders({ nodes: ['Group session'], hasNextPage: [false, false], cursorsEndPages: true }),
      groupReaders(['Hello, matrix group']),
      courseMembers({ nodes: ['Course meetup'], hasNextPage: [false, false], cursorsEndPages: true }),
    ),
    words: {
      anonymous: 'UNAUTHENTICATED', outsider: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', classmate: "FORBIDDEN, then the course's one event", instructor: "FORBIDDEN, then the course's one event",
      member: 'the one event, message and course event', owner: 'the one event, message and course event', admin: 'the one event, message and course event',
    },
  },
  {
    name: "studyGroups(filter, first, after) pages the course's groups",
    run: async (c) => twoPages((after) => as(c, `query($c: ID!, $a: String) { studyGroups(filter: { courseId: $c, search: "matrix" }, first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }`,
      { c: courseId, a: after }), (d) => d.studyGroups, (n) => n.name),
    expect: courseMembers({ nodes: ['Matrix group'], hasNextPage: [false, false], cursorsEndPages: true }),
  },
  {
    name: 'StudyGroup.joinRequests(first, after) lists who asked to join an invite-only group, and when, to its owner and ADMIN',
    run: async (c) => {
      const id = await askedGroup();
      return resultOf(await as(c, `query($g: ID!) { studyGroup(id: $g) { joinRequests(first: 10, after: null) { totalCount edges { node { requestedAt user { displayName } } } } } }`, { g: id }),
        (d) => d.studyGroup.joinRequests.edges.map((e: any) => [e.node.user.displayName, Date.parse(e.node.requestedAt) <= Date.now()]));
    },
    expect: signedIn('FORBIDDEN', { owner: [['Groups Classmate', true]], admin: [['Groups Classmate', true]] }),
  },
  {
    name: 'GroupMessage.deletedAt: a message its author deleted is gone for everyone, the owner and ADMIN included (as in course chat)',
    run: async (c) => {
      const id = await deletedMessage();
      return resultOf(await as(c, `query($m: ID!) { groupMessage(id: $m) { body deletedAt createdAt } }`, { m: id }),
        (d) => d.groupMessage && { body: d.groupMessage.body, deletedAfterSent: Date.parse(d.groupMessage.deletedAt) >= Date.parse(d.groupMessage.createdAt) });
    },
    expect: groupReaders(null),
  },
]);

const joined = (viewerStatus: string) => ({ viewerStatus });

matrix('study group and community event writes through the gateway, for each caller', [
  {
    name: 'createStudyGroup makes a group of a course its members take',
    run: async (c) => resultOf(await as(c, CREATE_GROUP, { input: { name: `By ${c}`, courseIds: [courseId], capacity: 4 } }), (d) => ({ name: d.createStudyGroup.name.startsWith('By '), viewerStatus: d.createStudyGroup.viewerStatus })),
    expect: courseMembers({ name: true, viewerStatus: 'OWNER' }),
  },
  {
    name: 'joinStudyGroup of a public group lets in the members of its course',
    run: async (c) => {
      const id = await freshGroup();
      return resultOf(await as(c, JOIN_GROUP, { g: id }), (d) => joined(d.joinStudyGroup.viewerStatus));
    },
    expect: { ...courseMembers(joined('MEMBER')), owner: joined('OWNER') },
  },
  {
    name: 'joinStudyGroup of an invite-only group without an invite records a join request',
    run: async (c) => {
      const id = await freshGroup({ visibility: 'INVITE_ONLY' });
      return resultOf(await as(c, JOIN_GROUP, { g: id }), (d) => joined(d.joinStudyGroup.viewerStatus));
    },
    expect: { ...courseMembers(joined('REQUESTED')), owner: joined('OWNER') },
  },
  {
    name: 'leaveStudyGroup lets a member out; the owner cannot leave; others change nothing',
    run: async (c) => {
      const id = await freshGroup({ joiners: [people.member] });
      return resultOf(await as(c, `mutation($g: ID!) { leaveStudyGroup(groupId: $g) { memberCount } }`, { g: id }), (d) => d.leaveStudyGroup);
    },
    expect: { ...courseMembers({ memberCount: 2 }), member: { memberCount: 1 }, owner: 'CONFLICT' },
  },
  {
    name: 'sendGroupMessage is for the group\'s members',
    run: async (c) => resultOf(await as(c, `mutation($g: ID!) { sendGroupMessage(groupId: $g, body: "A word") { body } }`, { g: groupId }), (d) => d.sendGroupMessage),
    expect: signedIn('FORBIDDEN', { member: { body: 'A word' }, owner: { body: 'A word' } }),
  },
  {
    name: 'createGroupInvite of an invite-only group is for its owner and ADMIN',
    run: async (c) => {
      const id = await freshGroup({ visibility: 'INVITE_ONLY' });
      return resultOf(await as(c, `mutation($g: ID!) { createGroupInvite(groupId: $g) { invitee { id } } }`, { g: id }), (d) => d.createGroupInvite);
    },
    expect: signedIn('FORBIDDEN', { owner: { invitee: null }, admin: { invitee: null } }),
  },
  {
    name: 'createGroupInvite of a public group is for its members and ADMIN',
    run: async (c) => resultOf(await as(c, `mutation($g: ID!) { createGroupInvite(groupId: $g, expiresInHours: 1) { invitee { id } group { name } } }`, { g: groupId }), (d) => d.createGroupInvite),
    expect: groupReaders({ invitee: null, group: { name: 'Matrix group' } }),
  },
  {
    name: 'approveJoinRequest is for the owner and ADMIN',
    run: async (c) => {
      const id = await freshGroup({ visibility: 'INVITE_ONLY', askers: [people.classmate] });
      return resultOf(await as(c, `mutation($g: ID!, $u: ID!) { approveJoinRequest(groupId: $g, userId: $u) { memberCount } }`, { g: id, u: people.classmate.id }), (d) => d.approveJoinRequest);
    },
    expect: signedIn('FORBIDDEN', { owner: { memberCount: 2 }, admin: { memberCount: 2 } }),
  },
  {
    name: 'declineJoinRequest is for the owner and ADMIN',
    run: async (c) => {
      const id = await freshGroup({ visibility: 'INVITE_ONLY', askers: [people.classmate] });
      return resultOf(await as(c, `mutation($g: ID!, $u: ID!) { declineJoinRequest(groupId: $g, userId: $u) { memberCount joinRequests { totalCount } } }`, { g: id, u: people.classmate.id }), (d) => d.declineJoinRequest);
    },
    expect: signedIn('FORBIDDEN', { owner: { memberCount: 1, joinRequests: { totalCount: 0 } }, admin: { memberCount: 1, joinRequests: { totalCount: 0 } } }),
  },
  {
    name: 'removeGroupMember is for the owner and ADMIN',
    run: async (c) => {
      const id = await freshGroup({ joiners: [people.classmate] });
      return resultOf(await as(c, `mutation($g: ID!, $u: ID!) { removeGroupMember(groupId: $g, userId: $u) { memberCount } }`, { g: id, u: people.classmate.id }), (d) => d.removeGroupMember);
    },
    expect: signedIn('FORBIDDEN', { owner: { memberCount: 1 }, admin: { memberCount: 1 } }),
  },
  {
    name: "hidePost of a group message is for the group's owner (its staff) and ADMIN",
    run: async (c) => {
      const id = await freshMessage();
      return resultOf(await as(c, `mutation($id: ID!) { hidePost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Off topic" }) { ... on GroupMessage { hiddenReason } } }`, { id }), (d) => d.hidePost);
    },
    expect: signedIn('FORBIDDEN', { owner: { hiddenReason: 'Off topic' }, admin: { hiddenReason: 'Off topic' } }),
  },
  {
    name: "unhidePost of a group message is for the group's owner (its staff) and ADMIN",
    run: async (c) => {
      const id = await freshMessage();
      await ok(people.owner, `mutation($id: ID!) { hidePost(input: { kind: GROUP_MESSAGE, id: $id, reason: "Off topic" }) { __typename } }`, { id });
      return resultOf(await as(c, `mutation($id: ID!) { unhidePost(input: { kind: GROUP_MESSAGE, id: $id }) { ... on GroupMessage { hiddenAt } } }`, { id }), (d) => d.unhidePost);
    },
    expect: signedIn('FORBIDDEN', { owner: { hiddenAt: null }, admin: { hiddenAt: null } }),
  },
  {
    name: "scheduleEvent of a course's event is for its staff (its instructor, ADMIN)",
    run: async (c) => resultOf(await as(c, SCHEDULE, { input: { courseId, title: 'Staff event', startsAt: inHours(30), durationMinutes: 30, place: 'Room 1', capacity: 3 } }), (d) => ({ title: d.scheduleEvent.title })),
    expect: signedIn('FORBIDDEN', { instructor: { title: 'Staff event' }, admin: { title: 'Staff event' } }),
  },
  {
    name: "scheduleEvent of a group's event is for its owner and ADMIN",
    run: async (c) => resultOf(await as(c, SCHEDULE, { input: { groupId, title: 'Owner event', startsAt: inHours(30), durationMinutes: 30, place: 'Room 2', capacity: 3 } }), (d) => ({ title: d.scheduleEvent.title })),
    expect: signedIn('FORBIDDEN', { owner: { title: 'Owner event' }, admin: { title: 'Owner event' } }),
  },
  {
    name: "rsvp to a course's event is for its members",
    run: async (c) => resultOf(await as(c, RSVP, { e: courseEventId, r: 'MAYBE' }), (d) => ({ viewerRsvp: d.rsvp.viewerRsvp })),
    expect: courseMembers({ viewerRsvp: 'MAYBE' }),
  },
  {
    name: "rsvp to a group's event is for the group's members and ADMIN",
    run: async (c) => resultOf(await as(c, RSVP, { e: groupEventId, r: 'GOING' }), (d) => ({ viewerRsvp: d.rsvp.viewerRsvp })),
    expect: groupReaders({ viewerRsvp: 'GOING' }),
  },
]);
