import { ensureIndexes, flushAllOutboxes, importPrivateKey, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { MailDispatcher } from './mail.ts';
import { permissions } from './permissions.ts';
import { IdentityRepository, identityIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { IdentityService } from './service.ts';
import { createAvatarProjector } from './avatars/projections.ts';
import { AvatarRepository } from './avatars/repository.ts';
import { AvatarService } from './avatars/service.ts';
import { VerificationRepository, verificationIndexes } from './verification/repository.ts';
import { VerificationService } from './verification/service.ts';

export { IdentityRepository } from './repository.ts';
export { IdentityService } from './service.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface IdentitySubgraph extends DomainSubgraph<Context, IdentityService, IdentityRepository> {
  mail: MailDispatcher;
  verification: VerificationService;
}

/** Creates the identity subgraph on a platform: indexes made, pending outboxes flushed, mail started. */
export async function createIdentitySubgraph(platform: Platform): Promise<IdentitySubgraph> {
  const { db, config, eventLog, keys, logger } = platform;
  if (!keys.privateKeyPem) throw new Error('identity needs JWT_PRIVATE_KEY to sign access tokens.');
  await ensureIndexes(db, [...identityIndexes, ...verificationIndexes]);
  const repository = new IdentityRepository(db);
  await flushAllOutboxes(repository.users, eventLog);
  const mail = new MailDispatcher(repository, config.SMTP_URL, config.MAIL_FROM, logger.child({ part: 'mail' }));
  mail.start();
  const service = new IdentityService(repository, eventLog, await importPrivateKey(keys.privateKeyPem), config, mail, logger);
  const verificationRepository = new VerificationRepository(db);
  const migrated = await verificationRepository.verifyUsersWithoutTheField();
  if (migrated > 0) logger.info({ users: migrated }, 'users from before email verification count as verified');
  const verification = new VerificationService(verificationRepository, repository, service, eventLog, mail, config);
  service.onRegistered = (user) => verification.sendLink(user);
  const avatarRepository = new AvatarRepository(db);
  const avatarAssets = createAvatarProjector(platform, avatarRepository);
  const avatars = new AvatarService(avatarRepository, eventLog, () => avatarAssets.catchUp());
  avatarAssets.start();
  return {
    name: 'identity',
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    mail,
    verification,
    createContext: (base) => ({ ...base, identity: service, verification, avatars, loaders: { user: repository.userLoader() } }),
    stop: async () => {
      mail.stop();
      await avatarAssets.stop();
    },
  };
}
