import { forbidden, notFound, unauthenticated, type LoggedEvent, type Viewer } from '@lg/platform';
import { AnswerPosted, ChatMessageSent, NotificationCreated, QuestionAsked } from '@lg/events';

/** Runs a query through the supergraph as the subscriber; answers `data` or throws its first error. */
export type RunAsViewer = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface SubscriptionField {
  /** The event in the log that fires it. */
  eventType: string;
  /** The root query field that loads the payload by id through the supergraph. */
  byIdField: string;
  payloadId(event: LoggedEvent): string;
  matches(event: LoggedEvent, args: Record<string, unknown>, viewer: Viewer | null): boolean;
  /** Refuses the subscription up front with the same rules a query would apply. */
  authorize(args: Record<string, unknown>, viewer: Viewer | null, run: RunAsViewer): Promise<void>;
}

async function courseMember(args: Record<string, unknown>, viewer: Viewer | null, run: RunAsViewer): Promise<void> {
  if (!viewer) throw unauthenticated();
  const data = await run('query($c: ID!) { isCourseMember(courseId: $c) }', { c: args.courseId });
  if (data.isCourseMember !== true) throw forbidden("Only the course's members hear its Q&A and chat.");
}

/** A course's live list (Q&A, chat): its members hear each new item, loaded by the item's id. */
const courseStream = (eventType: string, byIdField: string): SubscriptionField => ({
  eventType,
  byIdField,
  payloadId: (e) => e.aggregateId,
  matches: (e, args) => e.courseId === args.courseId,
  authorize: courseMember,
});

/** Every subscription of the contract, served by the gateway from the event log. */
export const subscriptionFields: Record<string, SubscriptionField> = {
  questionAdded: courseStream(QuestionAsked.type, 'question'),
  answerAdded: {
    eventType: AnswerPosted.type,
    byIdField: 'answer',
    payloadId: (e) => e.aggregateId,
    matches: (e, args) => AnswerPosted.is(e) && e.data.questionId === args.questionId,
    async authorize(args, viewer, run) {
      if (!viewer) throw unauthenticated();
      const data = await run('query($q: ID!) { question(id: $q) { id } }', { q: args.questionId });
      if (!data.question) throw notFound('The question');
    },
  },
  chatMessageAdded: courseStream(ChatMessageSent.type, 'chatMessage'),
  notificationAdded: {
    eventType: NotificationCreated.type,
    byIdField: 'notification',
    payloadId: (e) => e.aggregateId,
    matches: (e, _args, viewer) => Boolean(viewer) && e.userId === viewer!.id,
    async authorize(_args, viewer) {
      if (!viewer) throw unauthenticated();
    },
  },
};
