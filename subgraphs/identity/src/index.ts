import { ensureIndexes, flushAllOutboxes, importPrivateKey, MailOutbox, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { MailDispatcher } from './mail.ts';
import { permissions } from './permissions.ts';
import { IdentityRepository, identityIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { IdentityService } from './service.ts';

export { IdentityRepository } from './repository.ts';
export { IdentityService } from './service.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface IdentitySubgraph extends DomainSubgraph<Context, IdentityService, IdentityRepository> {
  mail: MailDispatcher;
}

/** Creates the identity subgraph on a platform: indexes made, pending outboxes flushed, mail started. */
export async function createIdentitySubgraph(platform: Platform): Promise<IdentitySubgraph> {
  const { db, config, eventLog, keys, logger } = platform;
  if (!keys.privateKeyPem) throw new Error('identity needs JWT_PRIVATE_KEY to sign access tokens.');
  await ensureIndexes(db, identityIndexes);
  const repository = new IdentityRepository(db);
  await flushAllOutboxes(repository.users, eventLog);
  const mail = new MailDispatcher(new MailOutbox(repository.mail), config.SMTP_URL, config.MAIL_FROM, logger.child({ part: 'mail' }));
  mail.start();
  const service = new IdentityService(repository, eventLog, await importPrivateKey(keys.privateKeyPem), config, mail, logger);
  return {
    name: 'identity',
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    mail,
    createContext: (base) => ({ ...base, identity: service, loaders: { user: repository.userLoader() } }),
    stop: async () => mail.stop(),
  };
}
