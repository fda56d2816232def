import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent, newId } from '@lg/platform';
import { uncheckedLog } from '@lg/platform/testing';
import { EnrollmentCancelled, EnrollmentCreated } from '@lg/events';
import { questionAsked } from '../src/events.ts';
import { actor, as, codeOf, enroll, enrollmentCreated, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let instructor: Actor;
let courseId: string;
beforeAll(async () => {
  h = await startEngagement();
  instructor = actor(h, 'INSTRUCTOR');
  courseId = (await seedCourse(h, instructor))._id;
});
afterAll(async () => h?.close());

const ASK = `mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Am I in?", body: "Body." }) { id } }`;
const MEMBER = `query($c: ID!) { isCourseMember(courseId: $c) }`;
const isMember = async (who: Actor, course = courseId) => (await h.gql(MEMBER, { c: course }, as(who))).data!.isCourseMember as boolean;
/** learning's EnrollmentCreated or EnrollmentCancelled of an enrolment granted by an order, appended through the real log. */
const orderEnrollment = (type: 'EnrollmentCreated' | 'EnrollmentCancelled', who: Actor, course: string, enrollmentId: string) =>
  type === 'EnrollmentCreated'
    ? EnrollmentCreated.build({ enrollmentId, userId: who.id, courseId: course, source: 'ORDER', orderId: newId() })
    : EnrollmentCancelled.build({ enrollmentId, userId: who.id, courseId: course, source: 'ORDER', orderId: newId(), reason: 'ORDER_REFUNDED', cancelledAt: new Date() });

/** The projection's state, without the time each row was last written. */
async function projection() {
  const courses = await h.subgraph.repository.courses.find({}, { projection: { updatedAt: 0 } }).sort({ _id: 1 }).toArray();
  const memberships = await h.subgraph.repository.memberships.find().sort({ _id: 1 }).toArray();
  return { courses, memberships };
}

/** Waits, without catching up itself, until the consumers have read the whole log. */
async function consumersReachEndOfLog() {
  const last = await h.platform.eventLog.lastSeq();
  for (let waited = 0; waited < 10_000; waited += 50) {
    const { membership, notifications } = h.subgraph.consumers;
    if ((await membership.checkpoint()) >= last && (await notifications.checkpoint()) >= last) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the consumers did not catch up by themselves');
}

describe('course membership learned from events', () => {
  it("a course's instructor is a member from CourseCreated on, even of a draft", async () => {
    const teacher = actor(h, 'INSTRUCTOR');
    const draft = await seedCourse(h, teacher, { publish: false });
    expect(await isMember(teacher, draft._id)).toBe(true);
    expect(await isMember(instructor, draft._id)).toBe(false);
  });

  it('an enrolled student is a member of that course and of no other', async () => {
    const student = actor(h, 'STUDENT');
    const other = await seedCourse(h, instructor);
    await enroll(h, student, courseId);
    expect(await isMember(student)).toBe(true);
    expect(await isMember(student, other._id)).toBe(false);
  });

  it('an ADMIN is a member of every course', async () => {
    expect(await isMember(actor(h, 'ADMIN'))).toBe(true);
  });

  it('a user enrolled a moment ago can ask at once: the projection is caught up before a refusal', async () => {
    const student = actor(h, 'STUDENT');
    // With the consumer stopped, only the catch-up on refusal can see the enrolment.
    await h.subgraph.consumers.membership.stop();
    try {
      await enroll(h, student, courseId);
      const res = await h.gql(ASK, { c: courseId }, as(student));
      expect(res.errors).toBeUndefined();
    } finally {
      h.subgraph.consumers.membership.start();
    }
  });

  it('the same enrolment told twice (two events for one pair) is one membership', async () => {
    const student = actor(h, 'STUDENT');
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId), enrollmentCreated(student.id, courseId, 'ORDER')]);
    await h.settle();
    const rows = await h.subgraph.repository.memberships.find({ userId: student.id }).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ courseId, userId: student.id, source: 'FREE' });
  });

  it('a cancelled enrolment (its order refunded) is no longer a membership: asking and chatting are FORBIDDEN; granted again, a member again', async () => {
    const student = actor(h, 'STUDENT');
    const enrollmentId = newId();
    await h.platform.eventLog.append([orderEnrollment('EnrollmentCreated', student, courseId, enrollmentId)]);
    expect(await isMember(student)).toBe(true);
    await h.platform.eventLog.append([orderEnrollment('EnrollmentCancelled', student, courseId, enrollmentId)]);
    await h.settle();
    expect(await isMember(student)).toBe(false);
    expect(codeOf(await h.gql(ASK, { c: courseId }, as(student)))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(`mutation($c: ID!) { sendChatMessage(courseId: $c, body: "Still in?") { id } }`, { c: courseId }, as(student)))).toBe('FORBIDDEN');
    expect(await h.subgraph.repository.memberships.countDocuments({ userId: student.id })).toBe(0);
    // Bought again: learning makes the same enrolment ACTIVE with a new EnrollmentCreated.
    await h.platform.eventLog.append([orderEnrollment('EnrollmentCreated', student, courseId, enrollmentId)]);
    expect(await isMember(student)).toBe(true);
  });

  it("a cancellation leaves a member for another reason a member: the course's instructor and an ADMIN", async () => {
    const admin = actor(h, 'ADMIN');
    const [own, theirs] = [newId(), newId()];
    await h.platform.eventLog.append([
      orderEnrollment('EnrollmentCreated', instructor, courseId, own), orderEnrollment('EnrollmentCreated', admin, courseId, theirs),
      orderEnrollment('EnrollmentCancelled', instructor, courseId, own), orderEnrollment('EnrollmentCancelled', admin, courseId, theirs),
    ]);
    await h.settle();
    expect(await h.subgraph.repository.memberships.countDocuments({ userId: { $in: [instructor.id, admin.id] } })).toBe(0);
    expect(await isMember(instructor)).toBe(true);
    expect(await isMember(admin)).toBe(true);
  });

  it("a cancellation of another enrolment than the one recorded takes nothing away", async () => {
    const student = actor(h, 'STUDENT');
    await enroll(h, student, courseId);
    await h.platform.eventLog.append([orderEnrollment('EnrollmentCancelled', student, courseId, newId())]);
    await h.settle();
    expect(await isMember(student)).toBe(true);
  });

  it('an event without a user or a course is skipped, and the consumer goes on', async () => {
    const student = actor(h, 'STUDENT');
    // As an older producer could have logged it, before contracts were checked.
    await uncheckedLog(h.platform).append([newEvent('EnrollmentCreated', newId(), {}), enrollmentCreated(student.id, courseId)]);
    expect(await isMember(student)).toBe(true);
  });
});

describe('a restart of the engagement subgraph', () => {
  it('loses nothing written before it, and catches up with what happened while it was down', async () => {
    const student = actor(h, 'STUDENT');
    await enroll(h, student, courseId);
    const services = h.subgraph.services;
    const question = await services.questions.askQuestion(student.viewer, { courseId, title: 'Before the restart', body: 'Body.' });
    const answer = await services.questions.answerQuestion(instructor.viewer, question._id, 'Also before.');
    await services.votes.voteOnQuestion(instructor.viewer, question._id, 1);
    const message = await services.chat.sendChatMessage(student.viewer, courseId, 'Still here?');
    await h.settle();
    const before = await projection();

    const latecomer = actor(h, 'STUDENT');
    const newTeacher = actor(h, 'INSTRUCTOR');
    let newCourseId = '';
    await h.restart(async () => {
      // While engagement is down: a new course, and enrolments in it and in the old one.
      newCourseId = (await seedCourse(h, newTeacher))._id;
      await enroll(h, latecomer, courseId);
      await enroll(h, latecomer, newCourseId);
    });

    await consumersReachEndOfLog();
    const after = await projection();
    expect(after.memberships).toEqual(expect.arrayContaining(before.memberships));
    expect(after.memberships.filter((m) => m.userId === latecomer.id).map((m) => m.courseId).sort()).toEqual([courseId, newCourseId].sort());
    expect(after.courses.find((c) => c._id === newCourseId)).toMatchObject({ instructorId: newTeacher.id });
    expect(await h.subgraph.repository.notifications.countDocuments({ userId: latecomer.id, kind: 'ENROLLMENT_CONFIRMED' })).toBe(2);

    const res = await h.gql(`query($id: ID!) { question(id: $id) { title voteScore answerCount answers { edges { node { id } } } } }`, { id: question._id }, as(latecomer));
    expect(res.data!.question).toEqual({ title: 'Before the restart', voteScore: 1, answerCount: 1, answers: { edges: [{ node: { id: answer._id } }] } });
    expect((await h.gql(`query($id: ID!) { chatMessage(id: $id) { body } }`, { id: message._id }, as(newTeacher))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.gql(`query($id: ID!) { chatMessage(id: $id) { body } }`, { id: message._id }, as(latecomer))).data!.chatMessage).toEqual({ body: 'Still here?' });
  });

  it('logs at start-up an event a crash left in an outbox', async () => {
    const id = newId();
    const event = questionAsked({ questionId: id, courseId, authorId: instructor.id, title: 'Left pending' });
    const now = new Date();
    await h.subgraph.repository.questions.insertOne({
      _id: id, courseId, authorId: instructor.id, title: 'Left pending', body: 'Body.', voteScore: 0, answerCount: 0, answerIds: [],
      acceptedAnswerId: null, createdAt: now, updatedAt: now, outbox: [event],
    });
    await h.restart();
    expect(await h.platform.db.collection('platform_events').countDocuments({ _id: event._id as never })).toBe(1);
    expect((await h.subgraph.repository.questions.findOne({ _id: id }))!.outbox).toEqual([]);
  });
});

describe('rebuilding the projection from the start of the log', () => {
  it('gives the same membership', async () => {
    for (let i = 0; i < 3; i += 1) await enroll(h, actor(h, 'STUDENT'), courseId);
    await h.settle();
    const before = await projection();
    expect(before.memberships.length).toBeGreaterThan(5);
    await h.subgraph.consumers.membership.rebuild();
    expect(await projection()).toEqual(before);
    expect(await h.subgraph.consumers.membership.checkpoint()).toBe(await h.platform.eventLog.lastSeq());
  });

  it('a non-member is still refused after it', async () => {
    expect(codeOf(await h.gql(ASK, { c: courseId }, as(actor(h, 'STUDENT'))))).toBe('FORBIDDEN');
  });
});
