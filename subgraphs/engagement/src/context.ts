import type { BaseContext } from '@lg/platform';
import type { CalendarService } from './calendar/service.ts';
import type { GroupLoaders, GroupsService } from './groups/service.ts';
import type { ChatService } from './services/chat.ts';
import type { CourseMembership, EngagementLoaders } from './services/membership.ts';
import type { NotificationsService } from './services/notifications.ts';
import type { QuestionsService } from './services/questions.ts';
import type { VotesService } from './services/votes.ts';

export interface Context extends BaseContext {
  membership: CourseMembership;
  questions: QuestionsService;
  votes: VotesService;
  chat: ChatService;
  notifications: NotificationsService;
  loaders: EngagementLoaders;
  groups: GroupsService;
  calendar: CalendarService;
  groupLoaders: GroupLoaders;
}
