import { EventCatalogue } from '@lg/platform';
import { assessmentEvents } from './assessment.ts';
import { assistantEvents } from './assistant.ts';
import { catalogEvents } from './catalog.ts';
import { communityModerationEvents } from './community-moderation.ts';
import { communityThreadsEvents } from './community-threads.ts';
import { communityGroupsEvents } from './community-groups.ts';
import { commerceEvents } from './commerce.ts';
import { communityMessagesEvents } from './community-messages.ts';
import { engagementEvents } from './engagement.ts';
import { identityEvents } from './identity.ts';
import { labsEvents } from './labs.ts';
import { learningEvents } from './learning.ts';
import { mediaEvents } from './media.ts';
import { notificationPreferencesEvents } from './notification-preferences.ts';
import { privacyEvents } from './privacy.ts';

export * from './assessment.ts';
export * from './assistant.ts';
export * from './catalog.ts';
export * from './community-threads.ts';
export * from './commerce.ts';
export * from './community-moderation.ts';
export * from './community-messages.ts';
export * from './community-groups.ts';
export * from './engagement.ts';
export * from './identity.ts';
export * from './labs.ts';
export * from './learning.ts';
export * from './media.ts';
export * from './notification-preferences.ts';
export * from './privacy.ts';

/** Every domain event; the event log refuses any other type (pass it to createPlatform). */
export const catalogue = new EventCatalogue([
  ...identityEvents, ...catalogEvents, ...learningEvents, ...assessmentEvents, ...engagementEvents, ...commerceEvents, ...labsEvents,
  ...mediaEvents, ...communityModerationEvents,
  ...communityThreadsEvents,
  ...communityMessagesEvents,
  ...communityGroupsEvents,
  ...assistantEvents,
  ...notificationPreferencesEvents,
  ...privacyEvents,
]);
