// The urql client: graphcache (normalised), HTTP with the session's token and invisible refresh, and
// subscriptions over graphql-ws on the same /graphql path. Queries and mutations go by document id
// (trusted documents): the gateway runs the text its registered manifest holds for that id.
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import type {
  AnswerAddedSubscription, AnswerQuestionMutation, AskMutation, DirectMessageChangedSubscription, PostChangedSubscription, ProgressUpdatedSubscription, QuestionAddedSubscription,
  ReactToPostMutation,
} from '../gql/graphql.ts';
import { MyDashboardQuery } from '../analytics/queries.ts';
import { POST_TYPENAMES } from '../community/moderation/queries.ts';
import { authFetch, SessionStore } from './auth.ts';
import { ReplyReactionsFragment, ThreadReactionsFragment } from '../community/threads/queries.ts';
import { LiveStatus } from './live.ts';
import { endsSession } from './session-ended.ts';
import { AnswersQuery, NotificationReadFragment, QuestionsQuery, WishlistedFragment, WishlistQuery } from './questions.ts';
import { optimisticVote } from './votes.ts';

/** Types without an `id`: embedded in their parent in the cache. */
const EMBEDDED = [
  'AnswerConnection', 'AnswerEdge', 'AuthPayload', 'ChatMessageConnection', 'ChatMessageEdge', 'CourseConnection', 'CourseEdge',
  'CourseGrade', 'EnrollmentConnection', 'EnrollmentEdge', 'LabBookingConnection', 'LabBookingEdge', 'LabConnection', 'LabEdge', 'LabSlot', 'LeaderboardEntry',
  'NotificationConnection', 'NotificationEdge', 'OrderConnection', 'OrderEdge', 'OrderItem', 'PageInfo', 'QuestionConnection', 'QuestionEdge',
  'LessonContent', 'PlaybackPosition', 'PostReportConnection', 'PostReportEdge', 'Avatar',
  // Community threads: cards, counts and pages belong to the thread, reply or course that holds them.
  'CourseMember', 'CourseMemberConnection', 'CourseMemberEdge', 'ReactionCount', 'PostReactions', 'ThreadConnection', 'ThreadEdge',
  'ThreadReplyConnection', 'ThreadReplyEdge', 'Bookmark', 'BookmarkConnection', 'BookmarkEdge',
  'DirectConversationConnection', 'DirectConversationEdge', 'DirectMessageConnection', 'DirectMessageEdge', 'ConversationParticipant',
  'TypingIndicator', 'Presence', 'PresenceChange',
  // Analytics: figures of the dashboard, course or platform that holds them.
  'Dashboard', 'DaySeconds', 'DayScore', 'DayCount', 'WeekCount', 'SkillMastery', 'Recommendations', 'UserMetrics', 'UserDay',
  'CourseAnalytics', 'FunnelStep', 'ExerciseDifficulty', 'ResponseTime', 'DayRevenue', 'Money', 'PlatformMetrics', 'PlatformDay',
  // Administration: a user's suspension, an ADMIN's pages of users and of the audit log.
  'Suspension', 'UserConnection', 'UserEdge', 'AuditEntryConnection', 'AuditEntryEdge',
];

/** A pin or a lock reorders or marks its course's list: every loaded page of threads is read again. */
function invalidateThreadLists(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName !== 'course') continue;
    const key = cache.resolve('Query', field.fieldName, field.arguments ?? undefined);
    if (typeof key === 'string') cache.invalidate(key, 'threads');
  }
}

/** Every cached page of a root field (whatever its arguments): loaded queries refetch it. */
function invalidateAll(cache: Cache, fieldName: string): void {
  for (const field of cache.inspectFields('Query')) if (field.fieldName === fieldName) cache.invalidate('Query', field.fieldName, field.arguments ?? undefined);
}

/** A post gone for the viewer: the cached queries that held it read their lists again. */
function forgetPost(cache: Cache, kind: string, id: string): void {
  const typename = POST_TYPENAMES[kind as keyof typeof POST_TYPENAMES];
  if (typename) cache.invalidate({ __typename: typename, id });
}

/** A lab's loaded weeks: a booking or a cancellation changes which of their slots are free (and its host's list of bookings). */
function invalidateAvailability(cache: Cache, labId: string): void {
  const lab = { __typename: 'Lab', id: labId };
  for (const field of cache.inspectFields(lab)) {
    if (field.fieldName === 'availability' || field.fieldName === 'bookings') cache.invalidate(lab, field.fieldName, field.arguments ?? undefined);
  }
}

function wishlisted(cache: Cache, courseId: string, on: boolean): void {
  cache.writeFragment(WishlistedFragment, Object.assign({ id: courseId, viewerHasWishlisted: on }, { __typename: 'Course' }));
  if (on) invalidateAll(cache, 'myWishlist');
  else cache.updateQuery({ query: WishlistQuery }, (data) => (data ? { ...data, myWishlist: data.myWishlist.filter((c) => c.id !== courseId) } : data));
}

/** A new question at the top of its course's loaded list, once (the asker also hears it by subscription). */
function fileQuestion(cache: Cache, courseId: string, question: QuestionAddedSubscription['questionAdded'] | undefined): void {
  if (!question) return;
  cache.updateQuery({ query: QuestionsQuery, variables: { courseId } }, (data) => {
    const list = data?.course?.questions;
    if (!list || list.edges.some((e) => e.node.id === question.id)) return data;
    list.edges.unshift({ __typename: 'QuestionEdge', node: question } as (typeof list.edges)[number]);
    list.totalCount += 1;
    return data;
  });
}

/** A new answer at the end of its question's loaded list, once. */
function fileAnswer(cache: Cache, questionId: string, answer: AnswerAddedSubscription['answerAdded'] | undefined): void {
  if (!answer) return;
  cache.updateQuery({ query: AnswersQuery, variables: { questionId } }, (data) => {
    const list = data?.question?.answers;
    if (!list || list.edges.some((e) => e.node.id === answer.id)) return data;
    list.edges.push({ __typename: 'AnswerEdge', node: answer } as (typeof list.edges)[number]);
    return data;
  });
}

/** The SHA-256 id codegen gave a document (its hash in persisted-documents.json), hex as APQ sends it. */
export async function documentHash(_query: string, document: object): Promise<string | undefined> {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  return hash?.replace(/^sha256:/, '');
}

export function graphqlUrl(): string {
  return import.meta.env.VITE_GRAPHQL_URL ?? new URL('/graphql', window.location.href).toString();
}

export function createSessionStore(): SessionStore {
  return new SessionStore(graphqlUrl(), window.localStorage);
}

export interface AppClient { client: Client; live: LiveStatus; dispose(): void }

export function createAppClient(store: SessionStore): AppClient {
  const url = graphqlUrl();
  const ws: WsClient = createWsClient({
    url: url.replace(/^http/, 'ws'),
    lazy: true,
    // A dropped socket (a gateway restarting or draining) is retried for as long as the page is
    // open, with graphql-ws's randomised exponential backoff.
    retryAttempts: Number.POSITIVE_INFINITY,
    connectionParams: async () => {
      const token = await store.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  const live = new LiveStatus();
  let wasLive = false;
  ws.on('connecting', () => live.set(wasLive ? 'reconnecting' : 'connecting'));
  ws.on('connected', () => {
    wasLive = true;
    live.set('live');
  });
  // A lazy socket closes when the last subscription ends (idle); otherwise graphql-ws retries.
  ws.on('closed', (event) => {
    // 1000: the client closed a lazy socket with no subscription left; the next one is a fresh
    // start. Any other close of a live socket is a drop that graphql-ws retries after a wait.
    if ((event as CloseEvent | undefined)?.code === 1000) wasLive = false;
    live.set(wasLive ? 'reconnecting' : 'idle');
  });
  // A renewed access token reaches open subscriptions in a ping (the gateway's renewal protocol).
  let socket: WebSocket | undefined;
  ws.on('connected', (s) => { socket = s as WebSocket; });
  ws.on('closed', () => { socket = undefined; });
  const unsubscribe = store.subscribe((session) => {
    if (session && socket?.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${session.accessToken}` } }));
    }
  });

  const client = new Client({
    url,
    preferGetMethod: false,
    fetch: authFetch(store),
    exchanges: [
      cacheExchange({
        keys: { Cart: () => 'viewer', ...Object.fromEntries(EMBEDDED.map((t) => [t, () => null])) },
        // Votes show at once: the new score is the old one less the viewer's old vote plus the new one.
        optimistic: {
          voteOnQuestion: (args, cache) => optimisticVote(cache, 'Question', String(args.questionId), Number(args.value)),
          voteOnAnswer: (args, cache) => optimisticVote(cache, 'Answer', String(args.answerId), Number(args.value)),
        },
        updates: {
          Subscription: {
            notificationAdded(_result, _args, cache) { invalidateAll(cache, 'myNotifications'); },
            // Each update brings the whole dashboard after it: it replaces the cached one (a refetch
            // after a dropped socket replaces it in turn, so the newest answer always shows).
            progressUpdated(result, _args, cache) {
              const { dashboard } = (result as ProgressUpdatedSubscription).progressUpdated;
              cache.updateQuery({ query: MyDashboardQuery }, () => ({ __typename: 'Query' as const, myDashboard: dashboard }));
            },
            // A direct message reorders the conversation list and changes the unread counts.
            directMessageAdded(_result, _args, cache) {
              invalidateAll(cache, 'conversations');
              invalidateAll(cache, 'unreadConversationCount');
            },
            questionAdded(result, args, cache) { fileQuestion(cache, String(args.courseId), (result as QuestionAddedSubscription).questionAdded); },
            answerAdded(result, args, cache) { fileAnswer(cache, String(args.questionId), (result as AnswerAddedSubscription).answerAdded); },
            // A post gone for the viewer (hidden from them, deleted) leaves every cached list that held it
            // (a payload holding it is its new state, which must not be dropped before it is read).
            postChanged(result, _args, cache) {
              const change = (result as PostChangedSubscription).postChanged;
              if (!change.chatMessage && !change.question && !change.answer && !change.thread && !change.threadReply) forgetPost(cache, change.kind, change.postId);
            },
            directMessageChanged(result, _args, cache) {
              const change = (result as DirectMessageChangedSubscription).directMessageChanged;
              if (!change.directMessage) forgetPost(cache, change.kind, change.postId);
            },
            // The thread's replies and counts are read again (the screen asks the network too).
            threadReplyAdded(_result, args, cache) { cache.invalidate({ __typename: 'Thread', id: String(args.threadId) }, 'replies'); },
          },
          Mutation: {
            sendDirectMessage(_result, _args, cache) { invalidateAll(cache, 'conversations'); },
            markConversationRead(_result, _args, cache) {
              invalidateAll(cache, 'conversations');
              invalidateAll(cache, 'unreadConversationCount');
            },
            bookLab(_result, args, cache) {
              invalidateAll(cache, 'myLabBookings');
              invalidateAvailability(cache, String(args.labId));
            },
            // New texts change what search finds, new open hours which slots exist.
            updateLab(_result, args, cache) {
              invalidateAll(cache, 'labs');
              invalidateAvailability(cache, String(args.id));
            },
            cancelLabBooking(result, _args, cache) {
              const labId = (result as { cancelLabBooking?: { lab?: { id: string } } }).cancelLabBooking?.lab?.id;
              if (labId) invalidateAvailability(cache, labId);
            },
            deletePost(_result, args, cache) {
              const input = args.input as { kind: string; id: string };
              forgetPost(cache, input.kind, input.id);
            },
            markNotificationsRead(_result, args, cache) {
              for (const id of args.ids as string[]) cache.writeFragment(NotificationReadFragment, Object.assign({ id, read: true }, { __typename: 'Notification' }));
              for (const field of cache.inspectFields('Query')) {
                if (field.fieldName === 'myNotifications' && field.arguments?.unreadOnly) cache.invalidate('Query', field.fieldName, field.arguments);
              }
            },
            addToWishlist(_result, args, cache) { wishlisted(cache, String(args.courseId), true); },
            removeFromWishlist(_result, args, cache) { wishlisted(cache, String(args.courseId), false); },
            askQuestion(result, args, cache) {
              const input = args.input as { courseId: string };
              fileQuestion(cache, input.courseId, (result as AskMutation).askQuestion);
            },
            answerQuestion(result, args, cache) { fileAnswer(cache, String(args.questionId), (result as AnswerQuestionMutation).answerQuestion); },
            checkout(_result, _args, cache) {
              invalidateAll(cache, 'myEnrollments');
              invalidateAll(cache, 'myOrders');
            },
            // The order itself is updated from the answer; its enrolments are cancelled by learning moments later.
            refundOrder(_result, _args, cache) {
              invalidateAll(cache, 'myEnrollments');
              invalidateAll(cache, 'myOrders');
            },
            enrollInFreeCourse(_result, _args, cache) {
              invalidateAll(cache, 'myEnrollments');
            },
            askAssistant(_result, _args, cache) {
              cache.invalidate('Query', 'myConversations');
            },
            createCourse(_result, _args, cache) {
              invalidateAll(cache, 'courses');
            },
            startThread(_result, args, cache) {
              cache.invalidate({ __typename: 'Course', id: String((args.input as { courseId: string }).courseId) }, 'threads');
            },
            replyToThread(_result, args, cache) { cache.invalidate({ __typename: 'Thread', id: String(args.threadId) }); },
            // The post's counts and the viewer's own reactions, as the server answered them.
            reactToPost(result, args, cache) {
              const answer = (result as ReactToPostMutation).reactToPost;
              if (!answer) return;
              const fields = { id: String(args.id), reactions: answer.reactions, viewerReactions: answer.viewerReactions };
              if (args.kind === 'THREAD') cache.writeFragment(ThreadReactionsFragment, Object.assign(fields, { __typename: 'Thread' }));
              else cache.writeFragment(ReplyReactionsFragment, Object.assign(fields, { __typename: 'ThreadReply' }));
            },
            pinThread(_result, _args, cache) { invalidateThreadLists(cache); },
            lockThread(_result, _args, cache) { invalidateThreadLists(cache); },
            bookmark(_result, _args, cache) { invalidateAll(cache, 'myBookmarks'); },
            unbookmark(_result, _args, cache) { invalidateAll(cache, 'myBookmarks'); },
            appointTeachingAssistant(_result, args, cache) { cache.invalidate({ __typename: 'Course', id: String(args.courseId) }, 'members'); },
            removeTeachingAssistant(_result, args, cache) { cache.invalidate({ __typename: 'Course', id: String(args.courseId) }, 'members'); },
          },
        },
      }),
      // The body is `{ extensions: { persistedQuery: { sha256Hash } } }` (APQ's shape, which urql's
      // maintained exchange sends and the gateway resolves like a `documentId`), always by POST. A
      // document the gateway does not know is sent again as text, which only development accepts.
      persistedExchange({ generateHash: documentHash, enableForMutation: true, preferGetForPersistedQueries: false }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              // A session ended elsewhere (logout, revocation, suspension) ends its subscriptions first.
              const checked = {
                next: (value: Parameters<typeof sink.next>[0]) => {
                  if (endsSession(value)) void store.refresh();
                  sink.next(value);
                },
                error: (error: unknown) => {
                  if (endsSession(error)) void store.refresh();
                  sink.error(error);
                },
                complete: () => sink.complete(),
              };
              const dispose = ws.subscribe(input, checked);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });
  return { client, live, dispose: () => { unsubscribe(); void ws.dispose(); } };
}
