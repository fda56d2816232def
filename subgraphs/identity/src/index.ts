import { ensureIndexes, gatewaySignatureGuard, type EventConsumer, ExportParts, flushAllOutboxes, importPrivateKey, MailOutbox, type Projector, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import { auditProjection } from './admin/audit-projection.ts';
import { DocumentManifestRepository, documentManifestIndexes } from './api-keys/manifest-repository.ts';
import { DocumentManifestService } from './api-keys/manifests.ts';
import { ApiKeyRepository, apiKeyIndexes } from './api-keys/repository.ts';
import { apiKeyRoutes } from './api-keys/routes.ts';
import { ApiKeyService } from './api-keys/service.ts';
import { AdminRepository, adminIndexes } from './admin/repository.ts';
import { AdminService } from './admin/service.ts';
import type { Context } from './context.ts';
import { MailDispatcher } from './mail.ts';
import { OidcRepository, oidcIndexes } from './oidc/repository.ts';
import { OidcService } from './oidc/service.ts';
import { MfaRepository, mfaIndexes } from './mfa/repository.ts';
import { MfaService } from './mfa/service.ts';
import { permissions } from './permissions.ts';
import { IdentityRepository, identityIndexes } from './repository.ts';
import { identityUserData, exportAssembler } from './privacy/participant.ts';
import { PrivacyRepository, privacyIndexes } from './privacy/repository.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { PrivacyService } from './privacy/service.ts';
import { startPrivacySweeper } from './privacy/sweeper.ts';
import { resolvers } from './resolvers.ts';
import { IdentityService } from './service.ts';
import { createAvatarProjector } from './avatars/projections.ts';
import { AvatarRepository } from './avatars/repository.ts';
import { AvatarService } from './avatars/service.ts';
import { VerificationRepository, verificationIndexes } from './verification/repository.ts';
import { VerificationService } from './verification/service.ts';
import { SessionRepository } from './sessions/repository.ts';
import { SessionService } from './sessions/service.ts';

export { IdentityRepository } from './repository.ts';
export { IdentityService } from './service.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface IdentitySubgraph extends DomainSubgraph<Context, IdentityService, IdentityRepository> {
  mail: MailDispatcher;
  mfa: MfaService;
  sessions: SessionService;
  /** The audit log's projection of the event log (tests catch it up). */
  auditLog: EventConsumer;
  /** User administration (the seed suspends its demo account through it). */
  admin: AdminService;
  privacy: PrivacyService;
  /** Identity's own part of exports and erasures, and the consumer that completes exports. */
  consumers: { userData: Projector; exports: Projector };
  verification: VerificationService;
  apiKeys: ApiKeyService;
}

/** Creates the identity subgraph on a platform: indexes made, pending outboxes flushed, mail started. */
export async function createIdentitySubgraph(platform: Platform): Promise<IdentitySubgraph> {
  const { db, config, eventLog, keys, logger } = platform;
  if (!keys.privateKeyPem) throw new Error('identity needs JWT_PRIVATE_KEY to sign access tokens.');
  await ensureIndexes(db, [...identityIndexes, ...oidcIndexes, ...verificationIndexes, ...mfaIndexes, ...adminIndexes, ...apiKeyIndexes, ...documentManifestIndexes]);
  const repository = new IdentityRepository(db);
  await ensureIndexes(db, privacyIndexes);
  await flushAllOutboxes(repository.users, eventLog);
  const mail = new MailDispatcher(new MailOutbox(repository.mail), config.SMTP_URL, config.MAIL_FROM, logger.child({ part: 'mail' }));
  mail.start();
  const service = new IdentityService(repository, eventLog, await importPrivateKey(keys.privateKeyPem), config, mail, logger);
  const oidc = new OidcService(repository, new OidcRepository(db), service, eventLog, config, logger);
  const verificationRepository = new VerificationRepository(db);
  const migrated = await verificationRepository.verifyUsersWithoutTheField();
  if (migrated > 0) logger.info({ users: migrated }, 'users from before email verification count as verified');
  const verification = new VerificationService(verificationRepository, repository, service, eventLog, mail, config);
  service.onRegistered = (user) => verification.sendLink(user);
  const sessions = new SessionService(new SessionRepository(db), repository, service, eventLog);
  const mfa = new MfaService(new MfaRepository(db), repository, service, sessions, eventLog, config);
  const adminRepository = new AdminRepository(db);
  const admin = new AdminService(adminRepository, service, eventLog);
  const auditLog = auditProjection(platform, adminRepository);
  auditLog.start();
  const privacyRepository = new PrivacyRepository(db);
  await flushAllOutboxes(privacyRepository.exports, eventLog);
  await flushAllOutboxes(privacyRepository.deletions, eventLog);
  const privacy = new PrivacyService(privacyRepository, eventLog, config, logger.child({ part: 'privacy' }), new ExportParts(db), service, keys.privateKeyPem);
  const consumers = { userData: identityUserData(platform, privacy), exports: exportAssembler(platform, privacy) };
  consumers.userData.start();
  consumers.exports.start();
  const stopSweeper = startPrivacySweeper(privacy, config.ACCOUNT_DELETION_SWEEP_MS, logger.child({ part: 'privacy-sweeper' }));
  const documentManifests = new DocumentManifestService(new DocumentManifestRepository(db), repository, eventLog);
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db), repository, eventLog, await importPrivateKey(keys.privateKeyPem), config, documentManifests);
  const signedByGateway = gatewaySignatureGuard({
    secret: platform.subgraphSecret, skewSeconds: config.SUBGRAPH_SIGNATURE_SKEW_SECONDS, maxBodyBytes: 4096, log: logger,
  });
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
    mfa,
    sessions,
    auditLog,
    admin,
    privacy,
    consumers,
    userData: consumers.userData,
    apiKeys,
    routes: (app) => {
      privacyRoutes(privacy)(app);
      apiKeyRoutes(apiKeys, documentManifests, signedByGateway, logger.child({ part: 'api-keys' }))(app);
    },
    createContext: (base) => ({ ...base, identity: service, apiKeys, documentManifests, oidc, verification, avatars, mfa, sessions, admin, privacy, loaders: { user: repository.userLoader() } }),
    stop: async () => {
      await stopSweeper();
      await consumers.exports.stop();
      await consumers.userData.stop();
      await auditLog.stop();
      await avatarAssets.stop();
      await mail.stop();
    },
  };
}
