import { forbidden, notFound, unauthenticated, type LoggedEvent, type Viewer } from '@lg/platform';
import { AnswerPosted, ChatMessageSent, GroupMessageSent, NotificationCreated, QuestionAsked } from '@lg/events';
import { groupAudience, type GroupMembershipCache } from './group-membership.ts';
import { andThen, type MaybePromise } from './maybe-promise.ts';
import type { Membership, MembershipCache } from './membership.ts';

/** Runs a query through the supergraph as the subscriber; answers `data` or throws its first error. */
export type RunAsViewer = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface SubscriptionField {
  /** The event in the log that fires it. */
  eventType: string;
  /** The root query field that loads the payload by id through the supergraph. */
  byIdField: string;
  payloadId(event: LoggedEvent): string;
  matches(event: LoggedEvent, args: Record<string, unknown>, viewer: Viewer | null): boolean;
  /**
   * Refuses the subscription with the same rules a query would apply, or answers its audience:
   * the subscribers who may share one execution of each payload (see audience.ts). Asked when it
   * starts and again at each event, from the membership cache: answered at once when the cache
   * grants it, a refusal always as a rejected promise.
   */
  authorize(args: Record<string, unknown>, viewer: Viewer | null, access: Access): MaybePromise<string>;
}

/**
 * What authorization may ask: the supergraph as the subscriber, and the cached memberships
 * (`running`: the check at an event of a running subscription, which may use an expired
 * membership while it is refreshed).
 */
export interface Access { run: RunAsViewer; memberships: MembershipCache; questionCourses: Map<string, string>; running?: boolean; groups?: GroupMembershipCache }

/**
 * A course's members with the same global roles who all teach it or all do not: nothing a
 * shared field may show (see viewer-fields.ts) differs between them.
 */
function courseAudience(courseId: string, viewer: Viewer | null, access: Access): MaybePromise<string> {
  if (!viewer) return Promise.reject(unauthenticated());
  return andThen(access.memberships.of(viewer, courseId, access.run, { whileRefreshing: access.running }), (membership) => {
    if (!membership.member) return Promise.reject(forbidden("Only the course's members hear its Q&A and chat."));
    return audienceOf(membership, courseId, viewer);
  });
}

/**
 * A cached membership is one object per viewer and course (until evicted), and its audience the
 * same string at every event: spelled once, it is also hashed once by the maps keyed with it.
 */
const audiences = new WeakMap<Membership, string>();
function audienceOf(membership: Membership, courseId: string, viewer: Viewer): string {
  let audience = audiences.get(membership);
  if (audience === undefined) {
    audience = `course:${courseId}|roles:${[...viewer.roles].sort().join(',')}|${membership.teaches ? 'teaches' : 'member'}`;
    audiences.set(membership, audience);
  }
  return audience;
}

/** A question never moves to another course, so its course is remembered once read. */
function courseOfQuestion(questionId: string, access: Access): MaybePromise<string> {
  const known = access.questionCourses.get(questionId);
  if (known) return known;
  return questionCourse(questionId, access);
}

async function questionCourse(questionId: string, access: Access): Promise<string> {
  const data = await access.run('query($q: ID!) { question(id: $q) { course { id } } }', { q: questionId });
  const question = data.question as { course: { id: string } } | null;
  if (!question) throw notFound('The question');
  if (access.questionCourses.size >= 100_000) access.questionCourses.clear();
  access.questionCourses.set(questionId, question.course.id);
  return question.course.id;
}

/** A course's live list (Q&A, chat): its members hear each new item, loaded by the item's id. */
const courseStream = (eventType: string, byIdField: string): SubscriptionField => ({
  eventType,
  byIdField,
  payloadId: (e) => e.aggregateId,
  matches: (e, args) => e.courseId === args.courseId,
  authorize: (args, viewer, access) => courseAudience(String(args.courseId), viewer, access),
});

/** Every subscription of the contract, served by the gateway from the event log. */
export const subscriptionFields: Record<string, SubscriptionField> = {
  questionAdded: courseStream(QuestionAsked.type, 'question'),
  answerAdded: {
    eventType: AnswerPosted.type,
    byIdField: 'answer',
    payloadId: (e) => e.aggregateId,
    matches: (e, args) => AnswerPosted.is(e) && e.data.questionId === args.questionId,
    authorize(args, viewer, access) {
      if (!viewer) return Promise.reject(unauthenticated());
      return andThen(courseOfQuestion(String(args.questionId), access), (courseId) => courseAudience(courseId, viewer, access));
    },
  },
  chatMessageAdded: courseStream(ChatMessageSent.type, 'chatMessage'),
  // A study group's chat: its members only, asked again at each message (a removed member is refused at once).
  groupMessageReceived: {
    eventType: GroupMessageSent.type,
    byIdField: 'groupMessage',
    payloadId: (e) => e.aggregateId,
    matches: (e, args) => GroupMessageSent.is(e) && e.data.groupId === args.groupId,
    authorize(args, viewer, access) {
      if (!access.groups) return Promise.reject(forbidden('Group subscriptions are not served here.'));
      return groupAudience(String(args.groupId), viewer, access.groups, access.run);
    },
  },
  notificationAdded: {
    eventType: NotificationCreated.type,
    byIdField: 'notification',
    payloadId: (e) => e.aggregateId,
    matches: (e, _args, viewer) => Boolean(viewer) && e.userId === viewer!.id,
    authorize(_args, viewer) {
      if (!viewer) return Promise.reject(unauthenticated());
      return `user:${viewer.id}`;
    },
  },
};
