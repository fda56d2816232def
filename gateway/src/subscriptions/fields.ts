import { badInput, forbidden, notFound, unauthenticated, type LoggedEvent, type Viewer } from '@lg/platform';
import {
  AnswerPosted, ChatMessageSent, ConversationRead, DirectMessageSent, EnrollmentCompleted, EnrollmentCreated, GroupMessageSent, LessonActivity, LessonCompleted,
  GradeAdjusted, NotificationCreated, PostDeleted, PostEdited, PostHidden, PostUnhidden, QuestionAsked, SubmissionGraded, ThreadReplyPosted,
} from '@lg/events';
import { groupAudience, type GroupMembershipCache } from './group-membership.ts';
import { andThen, type MaybePromise } from './maybe-promise.ts';
import type { Membership, MembershipCache } from './membership.ts';
import { PRESENCE_CHANGED } from './presence.ts';

/** The live signal of someone typing (engagement's CONVERSATION_TYPING): its id is the payload's id. */
export const CONVERSATION_TYPING = 'ConversationTyping';

/** Runs a query through the supergraph as the subscriber; answers `data` or throws its first error. */
export type RunAsViewer = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface SubscriptionField {
  /** The event in the log that fires it. */
  eventType: string;
  /** Other events that fire it too (a stream of several kinds of change). */
  alsoOn?: ReadonlySet<string>;
  /** The root query field that loads the payload by id through the supergraph. */
  byIdField: string;
  /** The payload's id for this event (and this subscription's arguments, for payloads per scope). */
  payloadId(event: LoggedEvent, args: Record<string, unknown>): string;
  /** A signal of the live channel, never in the log (typing, presence): the event tail does not read it. */
  live?: boolean;
  /**
   * A null payload means "not for this scope" (a presence change of someone outside it) or "gone
   * for this viewer" (a new post hidden or deleted before its delivery): nothing is sent.
   */
  dropsNull?: boolean;
  /**
   * The author of the new post an event delivers. Their payload runs apart from their audience's
   * shared one: an author sees their own hidden post, the rest of the audience does not, so a
   * post hidden between its sending and its delivery reaches no one else through a shared
   * execution run as its author.
   */
  authorOf?(event: LoggedEvent): string | undefined;
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
 * A course's members with the same global roles who all teach it, all are its other staff
 * (teaching assistants) or all are neither: nothing a shared field may show (see
 * viewer-fields.ts) differs between them.
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
    // Teaching assistants are staff without teaching: they see hidden posts, students do not.
    const standing = membership.teaches ? 'teaches' : membership.staff ? 'staff' : 'member';
    audience = `course:${courseId}|roles:${[...viewer.roles].sort().join(',')}|${standing}`;
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

/**
 * A thread never moves to another course either: remembered in the same map, under a key no
 * question id can take.
 */
function courseOfThread(threadId: string, access: Access): MaybePromise<string> {
  const known = access.questionCourses.get(`thread:${threadId}`);
  if (known) return known;
  return threadCourse(threadId, access);
}

async function threadCourse(threadId: string, access: Access): Promise<string> {
  const data = await access.run('query($t: ID!) { thread(id: $t) { course { id } } }', { t: threadId });
  const thread = data.thread as { course: { id: string } } | null;
  if (!thread) throw notFound('The thread');
  if (access.questionCourses.size >= 100_000) access.questionCourses.clear();
  access.questionCourses.set(`thread:${threadId}`, thread.course.id);
  return thread.course.id;
}

/**
 * What every stream of new posts shares: the post loaded by its id, which may be hidden or
 * deleted by the time it is delivered (then it is sent to no one who may not see it).
 */
const newPost = {
  payloadId: (e: LoggedEvent) => e.aggregateId,
  dropsNull: true,
  authorOf: (e: LoggedEvent) => e.userId,
} satisfies Partial<SubscriptionField>;

/** A course's live list (Q&A, chat): its members hear each new item, loaded by the item's id. */
const courseStream = (eventType: string, byIdField: string): SubscriptionField => ({
  ...newPost,
  eventType,
  byIdField,
  matches: (e, args) => e.courseId === args.courseId,
  authorize: (args, viewer, access) => courseAudience(String(args.courseId), viewer, access),
});

/** The change each post event is, as PostChange.change spells it. */
const POST_CHANGES: Record<string, string> = {
  [PostEdited.type]: 'EDITED', [PostDeleted.type]: 'DELETED', [PostHidden.type]: 'HIDDEN', [PostUnhidden.type]: 'UNHIDDEN',
};

/**
 * Every edit, deletion, hide and unhide of a course's posts, to its members. The payload id
 * carries the change (`<change>:<kind>:<postId>`); the post itself is a per-viewer field of it
 * (viewer-fields.ts), so a hidden post reaches only its author and staff, and everyone else
 * hears only that it is gone.
 */
const postChanged: SubscriptionField = {
  eventType: PostEdited.type,
  alsoOn: new Set([PostDeleted.type, PostHidden.type, PostUnhidden.type]),
  byIdField: 'postChange',
  payloadId: (e) => {
    const data = e.data as { kind: string; postId: string };
    return `${POST_CHANGES[e.type]}:${data.kind}:${data.postId}`;
  },
  matches: (e, args) => e.courseId === args.courseId,
  authorize: (args, viewer, access) => courseAudience(String(args.courseId), viewer, access),
};

const CONVERSATION_QUERY = 'query($c: ID!) { directConversation(id: $c) { id } }';

/**
 * A conversation's participants hear it, each as their own audience (direct messages are private,
 * and their payload's per-participant fields are few). Refused up front unless a participant; at
 * each event the payload query itself refuses a non-participant, which ends the subscription.
 */
function conversationAudience(conversationId: string, viewer: Viewer | null, access: Access): MaybePromise<string> {
  if (!viewer) return Promise.reject(unauthenticated());
  const audience = `user:${viewer.id}`;
  if (access.running) return audience;
  return access.run(CONVERSATION_QUERY, { c: conversationId }).then((data) => {
    if (!data.directConversation) throw notFound('The conversation');
    return audience;
  });
}

const participants = (event: LoggedEvent): unknown[] => {
  const ids = (event.data as { participantIds?: unknown }).participantIds;
  return Array.isArray(ids) ? ids : [];
};

/** A study group's chat and its changes: its members only, asked again at each event. */
function groupChatAudience(args: Record<string, unknown>, viewer: Viewer | null, access: Access): MaybePromise<string> {
  if (!access.groups) return Promise.reject(forbidden('Group subscriptions are not served here.'));
  return groupAudience(String(args.groupId), viewer, access.groups, access.run);
}

/**
 * A presence scope as its change ids spell it (engagement's presenceChangeId): a course's id, or
 * `group:<groupId>`; undefined unless exactly one of the two is given.
 */
function presenceScope(args: Record<string, unknown>): { courseId: string } | { groupId: string } | undefined {
  const scope = args.scope as { courseId?: string | null; groupId?: string | null } | undefined;
  const courseId = scope?.courseId ?? undefined;
  const groupId = scope?.groupId ?? undefined;
  if ((courseId === undefined) === (groupId === undefined)) return undefined;
  return courseId === undefined ? { groupId: groupId! } : { courseId };
}
const scopeKey = (args: Record<string, unknown>) => {
  const scope = presenceScope(args);
  return scope && ('groupId' in scope ? `group:${scope.groupId}` : scope.courseId);
};

/** Every subscription of the contract, served by the gateway from the event log. */
export const subscriptionFields: Record<string, SubscriptionField> = {
  questionAdded: courseStream(QuestionAsked.type, 'question'),
  answerAdded: {
    ...newPost,
    eventType: AnswerPosted.type,
    byIdField: 'answer',
    matches: (e, args) => AnswerPosted.is(e) && e.data.questionId === args.questionId,
    authorize(args, viewer, access) {
      if (!viewer) return Promise.reject(unauthenticated());
      return andThen(courseOfQuestion(String(args.questionId), access), (courseId) => courseAudience(courseId, viewer, access));
    },
  },
  chatMessageAdded: courseStream(ChatMessageSent.type, 'chatMessage'),
  postChanged,
  threadReplyAdded: {
    ...newPost,
    eventType: ThreadReplyPosted.type,
    byIdField: 'threadReply',
    matches: (e, args) => ThreadReplyPosted.is(e) && e.data.threadId === args.threadId,
    authorize(args, viewer, access) {
      if (!viewer) return Promise.reject(unauthenticated());
      return andThen(courseOfThread(String(args.threadId), access), (courseId) => courseAudience(courseId, viewer, access));
    },
  },
  // A study group's chat: its members only, asked again at each message (a removed member is refused at once).
  groupMessageReceived: {
    ...newPost,
    eventType: GroupMessageSent.type,
    byIdField: 'groupMessage',
    matches: (e, args) => GroupMessageSent.is(e) && e.data.groupId === args.groupId,
    authorize: groupChatAudience,
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
  directMessageAdded: {
    eventType: DirectMessageSent.type,
    byIdField: 'directMessage',
    payloadId: (e) => e.aggregateId,
    matches: (e, args, viewer) =>
      Boolean(viewer) && participants(e).includes(viewer!.id)
      && (args.conversationId === null || args.conversationId === undefined || (e.data as { conversationId?: unknown }).conversationId === args.conversationId),
    authorize(args, viewer, access) {
      if (!viewer) return Promise.reject(unauthenticated());
      if (args.conversationId === null || args.conversationId === undefined) return `user:${viewer.id}`;
      return conversationAudience(String(args.conversationId), viewer, access);
    },
  },
  // Edits, deletions, hides and unhides of a conversation's messages (they have no course, so
  // postChanged never carries them): its participants only, each their own audience.
  directMessageChanged: {
    ...postChanged,
    matches: (e, args) => {
      const data = e.data as { kind?: unknown; conversationId?: unknown };
      return data.kind === 'DIRECT_MESSAGE' && data.conversationId === args.conversationId;
    },
    authorize: (args, viewer, access) => conversationAudience(String(args.conversationId), viewer, access),
  },
  // Edits, deletions, hides and unhides of a study group's messages (no course either): its
  // members, as its chat; the message is per viewer (a hidden one reaches its author and the owner).
  groupMessageChanged: {
    ...postChanged,
    matches: (e, args) => {
      const data = e.data as { kind?: unknown; groupId?: unknown };
      return data.kind === 'GROUP_MESSAGE' && data.groupId === args.groupId;
    },
    authorize: groupChatAudience,
  },
  conversationRead: {
    eventType: ConversationRead.type,
    byIdField: 'directConversation',
    payloadId: (e) => e.aggregateId,
    matches: (e, args, viewer) => e.aggregateId === args.conversationId && Boolean(viewer) && participants(e).includes(viewer!.id),
    authorize: (args, viewer, access) => conversationAudience(String(args.conversationId), viewer, access),
  },
  conversationTyping: {
    eventType: CONVERSATION_TYPING,
    byIdField: 'typingIndicator',
    live: true,
    payloadId: (e) => e._id,
    // Nobody hears their own typing.
    matches: (e, args, viewer) => e.aggregateId === args.conversationId && Boolean(viewer) && e.userId !== viewer!.id && participants(e).includes(viewer!.id),
    authorize: (args, viewer, access) => conversationAudience(String(args.conversationId), viewer, access),
  },
  // A user's own progress: analytics' progressUpdate(id) answers the dashboard after the event
  // (its id carries the user, the event's type and time), for the user themself only.
  progressUpdated: {
    eventType: LessonCompleted.type,
    alsoOn: new Set([LessonActivity.type, SubmissionGraded.type, GradeAdjusted.type, EnrollmentCreated.type, EnrollmentCompleted.type]),
    byIdField: 'progressUpdate',
    payloadId: (e) => `${e.userId}.${e.type}.${new Date(e.at).getTime()}.${e._id}`,
    matches: (e, args) => typeof e.userId === 'string' && e.userId === args.userId,
    authorize(args, viewer) {
      if (!viewer) return Promise.reject(unauthenticated());
      if (args.userId !== viewer.id) return Promise.reject(forbidden('Only the user themself hears their progress.'));
      return `user:${viewer.id}`;
    },
  },
  // A course's or a study group's members (and ADMIN): asked again at each change, so a member
  // who left the course or was removed from the group is refused at the next one.
  presenceChanged: {
    eventType: PRESENCE_CHANGED,
    byIdField: 'presenceChange',
    live: true,
    dropsNull: true,
    payloadId: (e, args) => `${scopeKey(args)}:${e.userId}:${(e.data as { online?: unknown }).online === true ? 1 : 0}:${new Date(e.at).getTime()}`,
    matches: (e, args) => presenceScope(args) !== undefined && typeof e.userId === 'string',
    authorize(args, viewer, access) {
      const scope = presenceScope(args);
      if (!scope) return Promise.reject(badInput('Give exactly one of courseId and groupId.', 'scope'));
      if ('courseId' in scope) return courseAudience(scope.courseId, viewer, access);
      if (!access.groups) return Promise.reject(forbidden('Group subscriptions are not served here.'));
      return groupAudience(scope.groupId, viewer, access.groups, access.run, { admin: true, refusal: "Only the group's members hear who of them is online." });
    },
  },
};
