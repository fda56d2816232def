import { ensureIndexes, ExportParts, flushAllOutboxes, importPrivateKey, type Projector, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { MailDispatcher } from './mail.ts';
import { permissions } from './permissions.ts';
import { IdentityRepository, identityIndexes } from './repository.ts';
import { identityUserData, exportAssembler } from './privacy/participant.ts';
import { PrivacyRepository, privacyIndexes } from './privacy/repository.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { PrivacyService } from './privacy/service.ts';
import { startPrivacySweeper } from './privacy/sweeper.ts';
import { resolvers } from './resolvers.ts';
import { IdentityService } from './service.ts';

export { IdentityRepository } from './repository.ts';
export { IdentityService } from './service.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface IdentitySubgraph extends DomainSubgraph<Context, IdentityService, IdentityRepository> {
  mail: MailDispatcher;
  privacy: PrivacyService;
  /** Identity's own part of exports and erasures, and the consumer that completes exports. */
  consumers: { userData: Projector; exports: Projector };
}

/** Creates the identity subgraph on a platform: indexes made, pending outboxes flushed, mail started. */
export async function createIdentitySubgraph(platform: Platform): Promise<IdentitySubgraph> {
  const { db, config, eventLog, keys, logger } = platform;
  if (!keys.privateKeyPem) throw new Error('identity needs JWT_PRIVATE_KEY to sign access tokens.');
  await ensureIndexes(db, identityIndexes);
  const repository = new IdentityRepository(db);
  await ensureIndexes(db, privacyIndexes);
  await flushAllOutboxes(repository.users, eventLog);
  const mail = new MailDispatcher(repository, config.SMTP_URL, config.MAIL_FROM, logger.child({ part: 'mail' }));
  mail.start();
  const service = new IdentityService(repository, eventLog, await importPrivateKey(keys.privateKeyPem), config, mail, logger);
  const privacyRepository = new PrivacyRepository(db);
  await flushAllOutboxes(privacyRepository.exports, eventLog);
  await flushAllOutboxes(privacyRepository.deletions, eventLog);
  const privacy = new PrivacyService(privacyRepository, eventLog, config, logger.child({ part: 'privacy' }), new ExportParts(db), keys.privateKeyPem);
  const consumers = { userData: identityUserData(platform, privacy), exports: exportAssembler(platform, privacy) };
  consumers.userData.start();
  consumers.exports.start();
  const stopSweeper = startPrivacySweeper(privacy, config.ACCOUNT_DELETION_SWEEP_MS, logger.child({ part: 'privacy-sweeper' }));
  return {
    name: 'identity',
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    mail,
    privacy,
    consumers,
    userData: consumers.userData,
    routes: privacyRoutes(privacy),
    createContext: (base) => ({ ...base, identity: service, privacy, loaders: { user: repository.userLoader() } }),
    stop: async () => {
      await stopSweeper();
      await consumers.exports.stop();
      await consumers.userData.stop();
      await mail.stop();
    },
  };
}
