import { Projector, type Platform } from '@lg/platform';
import { UserEmailChanged, UserProfileUpdated, UserRegistered } from '@lg/events';
import type { PreferencesRepository } from './repository.ts';

/**
 * The address and name engagement mails a user at, from identity's events, so that mailing costs
 * no call to identity. Only these two fields, only for mail; each write is idempotent (a replay
 * ends in the same state).
 */
export class ContactProjector extends Projector {
  constructor(repository: PreferencesRepository, platform: Platform) {
    super({
      name: 'engagement.contacts', db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: 'engagement.contacts' }),
      events: [UserRegistered, UserEmailChanged, UserProfileUpdated],
      handle: async (event) => {
        if (UserRegistered.is(event)) {
          const { userId, displayName, email } = event.data;
          await repository.saveContact(userId, { displayName, ...(email ? { email } : {}) });
        } else if (UserEmailChanged.is(event)) {
          await repository.saveContact(event.data.userId, { email: event.data.email });
        } else if (UserProfileUpdated.is(event) && event.data.displayName !== undefined) {
          await repository.saveContact(event.data.userId, { displayName: event.data.displayName });
        }
      },
      clear: () => repository.contacts.deleteMany({}).then(() => undefined),
    });
  }
}
