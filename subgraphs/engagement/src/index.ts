import { ensureIndexes, readSchema, type Platform, type SubgraphDefinition } from '@lg/platform';
import type { Context } from './context.ts';
import { permissions } from './permissions.ts';
import { MembershipProjector, NotificationProjector } from './projections.ts';
import { EngagementRepository, engagementIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { EngagementService } from './service.ts';

export { EngagementRepository } from './repository.ts';
export { EngagementService, type EngagementLoaders } from './service.ts';
export { MembershipProjector, NotificationProjector } from './projections.ts';
export { LIMITS } from './inputs.ts';
export type { AskQuestionInput } from './generated/resolvers-types.ts';
export * from './events.ts';
export type { AnswerModel, ChatMessageModel, NotificationKind, NotificationModel, QuestionModel, QuestionOrder } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface EngagementSubgraph extends SubgraphDefinition<Context> {
  service: EngagementService;
  repository: EngagementRepository;
  /** The event consumers, running from creation: course membership and notifications. */
  consumers: { membership: MembershipProjector; notifications: NotificationProjector };
  /** Stops the consumers (their checkpoints stay: a new instance goes on from there). */
  stop(): Promise<void>;
}

/**
 * Creates the engagement subgraph on a platform: indexes made, work a crash left pending finished
 * (answers counted, outboxes flushed), and its consumers started.
 */
export async function createEngagementSubgraph(platform: Platform): Promise<EngagementSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, engagementIndexes);
  const repository = new EngagementRepository(db);
  const membership = new MembershipProjector(repository, platform);
  const notifications = new NotificationProjector(repository, platform, membership);
  const service = new EngagementService(repository, eventLog, membership);
  await service.finishPendingWork();
  membership.start();
  notifications.start();
  return {
    name: 'engagement',
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    consumers: { membership, notifications },
    createContext: (base) => ({ ...base, engagement: service, loaders: service.loaders(base.viewer) }),
    ready: async () => (await db.command({ ping: 1 })).ok === 1,
    stop: async () => {
      await notifications.stop();
      await membership.stop();
    },
  };
}
