import type { BaseContext } from '@lg/platform';
import type { ModerationService } from './moderation/service.ts';
import type { BookmarksService } from './bookmarks/service.ts';
import type { MessageLoaders, MessagesService } from './messages/service.ts';
import type { PresenceService } from './presence/service.ts';
import type { CalendarService } from './calendar/service.ts';
import type { GroupLoaders, GroupsService } from './groups/service.ts';
import type { PreferencesService } from './preferences/service.ts';
import type { ChatService } from './services/chat.ts';
import type { CourseMembership, EngagementLoaders } from './services/membership.ts';
import type { NotificationsService } from './services/notifications.ts';
import type { QuestionsService } from './services/questions.ts';
import type { VotesService } from './services/votes.ts';
import type { ThreadsService } from './threads/service.ts';

export interface Context extends BaseContext {
  membership: CourseMembership;
  questions: QuestionsService;
  votes: VotesService;
  chat: ChatService;
  notifications: NotificationsService;
  moderation: ModerationService;
  threads: ThreadsService;
  bookmarks: BookmarksService;
  loaders: EngagementLoaders;
  messages: MessagesService;
  messageLoaders: MessageLoaders;
  presence: PresenceService;
  groups: GroupsService;
  calendar: CalendarService;
  preferences: PreferencesService;
  groupLoaders: GroupLoaders;
}
