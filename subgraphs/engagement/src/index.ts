import { ensureIndexes, readSchema, type Platform, type SubgraphDefinition } from '@lg/platform';
import { BookmarksRepository, bookmarkIndexes } from './bookmarks/repository.ts';
import { BookmarksService } from './bookmarks/service.ts';
import type { Context } from './context.ts';
import { engagementPostKinds } from './moderation/post-kinds.ts';
import { ModerationRepository, moderationIndexes } from './moderation/repository.ts';
import { ModerationService } from './moderation/service.ts';
import { permissions } from './permissions.ts';
import { MembershipProjector, NotificationProjector } from './projections.ts';
import { EngagementRepository, engagementIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { Community } from './messages/community.ts';
import { MessagesRepository, messagesIndexes } from './messages/repository.ts';
import { MessagesService } from './messages/service.ts';
import { PresenceService } from './presence/service.ts';
import { ChatService } from './services/chat.ts';
import { CourseMembership } from './services/membership.ts';
import { NotificationsService } from './services/notifications.ts';
import { QuestionsService } from './services/questions.ts';
import { VotesService } from './services/votes.ts';
import { PeopleProjector, ThreadNotifier } from './threads/projections.ts';
import { ThreadsRepository, threadIndexes } from './threads/repository.ts';
import { ThreadsService } from './threads/service.ts';

export { EngagementRepository } from './repository.ts';
export { ChatService } from './services/chat.ts';
export { CourseMembership, isCourseStaff, type EngagementLoaders } from './services/membership.ts';
export { ThreadsService } from './threads/service.ts';
export { ThreadsRepository } from './threads/repository.ts';
export { BookmarksService } from './bookmarks/service.ts';
export { THREAD_LIMITS } from './threads/inputs.ts';
export { NotificationsService } from './services/notifications.ts';
export { QuestionsService } from './services/questions.ts';
export { VotesService } from './services/votes.ts';
export { MembershipProjector, NotificationProjector } from './projections.ts';
export { LIMITS } from './inputs.ts';
export { ModerationService, MODERATION_LIMITS } from './moderation/service.ts';
export { PostKinds, type PostAdapter } from './moderation/post-kinds.ts';
export { MessagesService, CONVERSATION_TYPING } from './messages/service.ts';
export { MESSAGE_LIMITS } from './messages/inputs.ts';
export { PresenceService, PRESENCE_CHANGED, presenceChangeId } from './presence/service.ts';
export type { AskQuestionInput } from './generated/resolvers-types.ts';
export * from './events.ts';
export type { AnswerModel, ChatMessageModel, NotificationKind, NotificationModel, QuestionModel, QuestionOrder } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

/** Engagement's use cases, one service a sub-domain; resolvers only translate to and from GraphQL. */
export interface EngagementServices {
  membership: CourseMembership;
  questions: QuestionsService;
  votes: VotesService;
  chat: ChatService;
  notifications: NotificationsService;
  moderation: ModerationService;
  threads: ThreadsService;
  bookmarks: BookmarksService;
  messages: MessagesService;
  presence: PresenceService;
}

export interface EngagementSubgraph extends SubgraphDefinition<Context> {
  services: EngagementServices;
  repository: EngagementRepository;
  /** The event consumers, running from creation: course membership and notifications. */
  consumers: { membership: MembershipProjector; notifications: NotificationProjector; people: PeopleProjector; threadNotifications: ThreadNotifier };
  /** Stops the consumers (their checkpoints stay: a new instance goes on from there). */
  stop(): Promise<void>;
}

/**
 * Creates the engagement subgraph on a platform: indexes made, work a crash left pending finished
 * (answers counted, outboxes flushed), and its consumers started.
 */
export async function createEngagementSubgraph(platform: Platform): Promise<EngagementSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, [...engagementIndexes, ...moderationIndexes, ...threadIndexes, ...bookmarkIndexes, ...messagesIndexes]);
  const repository = new EngagementRepository(db);
  const threadsRepository = new ThreadsRepository(db);
  const people = new PeopleProjector(threadsRepository, platform);
  const threadNotifications = new ThreadNotifier(repository, threadsRepository, platform);
  const membership = new MembershipProjector(repository, platform);
  const notifications = new NotificationProjector(repository, platform, membership);
  const courseMembership = new CourseMembership(repository, membership, threadsRepository);
  const questions = new QuestionsService(repository, eventLog, courseMembership);
  const threads = new ThreadsService(threadsRepository, repository, eventLog, courseMembership, people);
  const messagesRepository = new MessagesRepository(db);
  const postKinds = engagementPostKinds(repository, { threads: threadsRepository, messages: messagesRepository }, (kind, id, loaders) => threads.forget(kind, id, loaders));
  const services: EngagementServices = {
    membership: courseMembership,
    questions,
    votes: new VotesService(repository, eventLog, courseMembership),
    chat: new ChatService(repository, eventLog, courseMembership),
    notifications: new NotificationsService(repository, eventLog),
    moderation: new ModerationService(new ModerationRepository(db), eventLog, courseMembership, postKinds),
    threads,
    bookmarks: new BookmarksService(new BookmarksRepository(db), eventLog, questions, threads),
    messages: new MessagesService(messagesRepository, eventLog, platform.live, new Community(repository, membership)),
    presence: new PresenceService(repository, platform.presence, courseMembership),
  };
  // Work a crash left pending: score moves owed, answers uncounted, events left in outboxes.
  await services.votes.finishPendingWork();
  await services.questions.finishPendingWork();
  await services.chat.finishPendingWork();
  await services.notifications.finishPendingWork();
  await services.moderation.finishPendingWork();
  await services.threads.finishPendingWork();
  await services.bookmarks.finishPendingWork();
  await services.messages.finishPendingWork();
  membership.start();
  notifications.start();
  people.start();
  threadNotifications.start();
  return {
    name: 'engagement',
    typeDefs,
    resolvers,
    permissions,
    services,
    repository,
    consumers: { membership, notifications, people, threadNotifications },
    createContext: (base) => ({ ...base, ...services, loaders: courseMembership.loaders(base.viewer), messageLoaders: services.messages.loaders() }),
    stop: async () => {
      await threadNotifications.stop();
      await people.stop();
      await notifications.stop();
      await membership.stop();
    },
  };
}
