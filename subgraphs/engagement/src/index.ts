import { MailDispatcher, ensureIndexes, readSchema, type Platform, type SubgraphDefinition } from '@lg/platform';
import { BookmarksRepository, bookmarkIndexes } from './bookmarks/repository.ts';
import { BookmarksService } from './bookmarks/service.ts';
import type { Context } from './context.ts';
import { engagementPostKinds } from './moderation/post-kinds.ts';
import { ModerationRepository, moderationIndexes } from './moderation/repository.ts';
import { ModerationService } from './moderation/service.ts';
import { CalendarRepository, calendarIndexes } from './calendar/repository.ts';
import { CalendarService, ReminderTimer } from './calendar/service.ts';
import { AppealNotificationProjector } from './appeals/notifications.ts';
import { GroupNotificationProjector, LessonProgressProjector } from './groups/projections.ts';
import { GroupsRepository, groupsIndexes } from './groups/repository.ts';
import { GroupsService } from './groups/service.ts';
import { permissions } from './permissions.ts';
import { NotificationDelivery } from './preferences/delivery.ts';
import { DigestScheduler } from './preferences/digest.ts';
import { NotificationMailer } from './preferences/mailer.ts';
import { ContactProjector } from './preferences/projections.ts';
import { PreferencesRepository, preferencesIndexes } from './preferences/repository.ts';
import { unsubscribeRoutes } from './preferences/routes.ts';
import { PreferencesService } from './preferences/service.ts';
import { UnsubscribeTokens } from './preferences/unsubscribe-token.ts';
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
import { engagementUserData } from './user-data.ts';

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
export { GroupsService } from './groups/service.ts';
export { GroupsRepository } from './groups/repository.ts';
export { CalendarService, ReminderTimer } from './calendar/service.ts';
export { CalendarRepository } from './calendar/repository.ts';
export { icsOf } from './calendar/ics.ts';
export { GROUP_LIMITS } from './groups/inputs.ts';
export { PreferencesService } from './preferences/service.ts';
export { PreferencesRepository } from './preferences/repository.ts';
export { DigestScheduler } from './preferences/digest.ts';
export { UnsubscribeTokens } from './preferences/unsubscribe-token.ts';
export { UNSUBSCRIBE_PATH } from './preferences/routes.ts';
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
  groups: GroupsService;
  calendar: CalendarService;
  preferences: PreferencesService;
}

/** How the reminders of community events are timed (the tests shorten them). */
export interface EngagementOptions {
  /** How long before an event starts its reminder goes out (EVENT_REMINDER_LEAD_MINUTES; default 60). */
  reminderLeadMs?: number;
  /** How often the timer looks for due reminders (default 30 s). */
  reminderPollMs?: number;
}

export interface EngagementSubgraph extends SubgraphDefinition<Context> {
  services: EngagementServices;
  repository: EngagementRepository;
  /** The event consumers, running from creation: course membership and notifications. */
  consumers: { membership: MembershipProjector; notifications: NotificationProjector; people: PeopleProjector; threadNotifications: ThreadNotifier; groupNotifications: GroupNotificationProjector; lessonProgress: LessonProgressProjector; appealNotifications: AppealNotificationProjector; contacts: ContactProjector };
  /** Notification mail: its outbox's dispatcher (SMTP when configured) and the daily digests. */
  mail: { dispatcher: MailDispatcher; digests: DigestScheduler; repository: PreferencesRepository; mailer: NotificationMailer };
  /** The timer that sends community events' reminders. */
  reminders: ReminderTimer;
  /** Stops the consumers (their checkpoints stay: a new instance goes on from there). */
  stop(): Promise<void>;
}

/**
 * Creates the engagement subgraph on a platform: indexes made, work a crash left pending finished
 * (answers counted, outboxes flushed), and its consumers started.
 */
export async function createEngagementSubgraph(platform: Platform, options: EngagementOptions = {}): Promise<EngagementSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, [...engagementIndexes, ...moderationIndexes, ...threadIndexes, ...bookmarkIndexes, ...messagesIndexes, ...groupsIndexes, ...calendarIndexes, ...preferencesIndexes]);
  const repository = new EngagementRepository(db);
  // Preferences decide every notification's way out (in the app, by mail, in a digest), so they come first.
  const { config } = platform;
  const preferencesRepository = new PreferencesRepository(db);
  const tokens = new UnsubscribeTokens(config.MAIL_LINK_SECRET ?? platform.subgraphSecret);
  const dispatcher = new MailDispatcher(preferencesRepository.mail, config.SMTP_URL, config.MAIL_FROM, platform.logger.child({ part: 'engagement-mail' }));
  const mailer = new NotificationMailer(preferencesRepository, tokens, {
    webOrigin: config.WEB_ORIGINS.split(',')[0]!.trim().replace(/\/+$/, ''), publicOrigin: config.PUBLIC_URL.replace(/\/+$/, ''),
  }, dispatcher, platform.logger.child({ part: 'engagement-mail' }));
  const delivery = new NotificationDelivery(repository, preferencesRepository, mailer, eventLog, config.DIGEST_HOUR);
  const digests = new DigestScheduler(preferencesRepository, mailer, config.DIGEST_HOUR, platform.logger.child({ timer: 'digests' }));
  const contacts = new ContactProjector(preferencesRepository, platform);
  const threadsRepository = new ThreadsRepository(db);
  const people = new PeopleProjector(threadsRepository, platform);
  const threadNotifications = new ThreadNotifier(repository, threadsRepository, platform, delivery);
  const membership = new MembershipProjector(repository, platform);
  const notifications = new NotificationProjector(repository, platform, membership, delivery);
  const courseMembership = new CourseMembership(repository, membership, threadsRepository);
  const questions = new QuestionsService(repository, eventLog, courseMembership);
  const threads = new ThreadsService(threadsRepository, repository, eventLog, courseMembership, people);
  const groupsRepository = new GroupsRepository(db);
  const groups = new GroupsService(groupsRepository, eventLog, courseMembership);
  const messagesRepository = new MessagesRepository(db);
  const postKinds = engagementPostKinds(repository, { threads: threadsRepository, messages: messagesRepository, groups: groupsRepository }, (kind, id, loaders) => threads.forget(kind, id, loaders),
    (before, after, courseId, authorId) => threads.newMentions(before, after, courseId, authorId));
  const services: EngagementServices = {
    membership: courseMembership,
    questions,
    votes: new VotesService(repository, eventLog, courseMembership),
    chat: new ChatService(repository, eventLog, courseMembership),
    notifications: new NotificationsService(repository, eventLog),
    moderation: new ModerationService(new ModerationRepository(db), eventLog, courseMembership, postKinds),
    threads,
    bookmarks: new BookmarksService(new BookmarksRepository(db), eventLog, questions, threads),
    messages: new MessagesService(messagesRepository, eventLog, platform.live, new Community(repository, membership, groupsRepository)),
    presence: new PresenceService(repository, platform.presence, courseMembership, groups),
    groups,
    calendar: new CalendarService(new CalendarRepository(db), eventLog, courseMembership, groups),
    preferences: new PreferencesService(preferencesRepository, eventLog, tokens),
  };
  const groupNotifications = new GroupNotificationProjector(repository, groupsRepository, platform, delivery);
  const lessonProgress = new LessonProgressProjector(groupsRepository, platform);
  const appealNotifications = new AppealNotificationProjector(repository, membership, platform, delivery);
  const reminderLeadMs = options.reminderLeadMs ?? Number(process.env.EVENT_REMINDER_LEAD_MINUTES ?? 60) * 60_000;
  const reminders = new ReminderTimer(services.calendar, platform.logger.child({ timer: 'event-reminders' }), { leadMs: reminderLeadMs, pollMs: options.reminderPollMs ?? 30_000 });
  // Work a crash left pending: score moves owed, answers uncounted, events left in outboxes.
  await services.votes.finishPendingWork();
  await services.questions.finishPendingWork();
  await services.chat.finishPendingWork();
  await services.notifications.finishPendingWork();
  await services.moderation.finishPendingWork();
  await services.threads.finishPendingWork();
  await services.bookmarks.finishPendingWork();
  await services.messages.finishPendingWork();
  await services.groups.finishPendingWork();
  await services.calendar.finishPendingWork();
  await services.preferences.finishPendingWork();
  membership.start();
  notifications.start();
  people.start();
  threadNotifications.start();
  groupNotifications.start();
  lessonProgress.start();
  appealNotifications.start();
  reminders.start();
  contacts.start();
  dispatcher.start();
  digests.start(config.DIGEST_POLL_SECONDS * 1000);
  const userData = engagementUserData(platform);
  userData.start();
  return {
    name: 'engagement',
    userData,
    typeDefs,
    resolvers,
    permissions,
    services,
    repository,
    consumers: { membership, notifications, people, threadNotifications, groupNotifications, lessonProgress, appealNotifications, contacts },
    mail: { dispatcher, digests, repository: preferencesRepository, mailer },
    reminders,
    // The unsubscribe link's page, on the gateway's origin (mounted there in one process).
    routes: (app) => unsubscribeRoutes(app, services.preferences, platform.logger.child({ part: 'unsubscribe' })),
    createContext: (base) => ({
      ...base, ...services, loaders: courseMembership.loaders(base.viewer), messageLoaders: services.messages.loaders(), groupLoaders: groups.loaders(base.viewer),
    }),
    stop: async () => {
      await userData.stop();
      await digests.stop();
      dispatcher.stop();
      await contacts.stop();
      await reminders.stop();
      await appealNotifications.stop();
      await lessonProgress.stop();
      await groupNotifications.stop();
      await threadNotifications.stop();
      await people.stop();
      await notifications.stop();
      await membership.stop();
    },
  };
}
