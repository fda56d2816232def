import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type DomainSubgraph } from '@lg/platform';
import type { Context } from './context.ts';
import { createConsumers, type AssessmentConsumers } from './projections.ts';
import { permissions } from './permissions.ts';
import { AssessmentRepository, assessmentIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { AssessmentService } from './service.ts';
import { AppealsService } from './services/appeals.ts';
import { GradebookService } from './services/gradebook.ts';
import { assessmentUserData } from './user-data.ts';

export { AssessmentRepository } from './repository.ts';
export { AssessmentService, type AssessmentLoaders, type Membership } from './service.ts';
export { AppealsService } from './services/appeals.ts';
export { GradebookService } from './services/gradebook.ts';
export type { AssessmentConsumers } from './projections.ts';
export type { ExerciseCreatedData, GradeAdjustedData, SubmissionGradedData } from './events.ts';
export type { CreateExerciseInput, ExerciseQuestionInput, SubmissionAnswerInput } from './generated/resolvers-types.ts';
export type { CourseGradeModel, ExerciseModel, LeaderboardEntryModel, QuestionKind, StoredQuestion, SubmissionModel } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface AssessmentSubgraph extends DomainSubgraph<Context, AssessmentService, AssessmentRepository> {
  /** The projections' consumers (started on creation): catalog's courses, learning's enrolments, identity's names. */
  consumers: AssessmentConsumers;
  /** Grade appeals (also the seed script's entry point). */
  appeals: AppealsService;
  /**
   * Rebuilds one projection from the start of the log: its consumer stops, the checkpoint goes
   * back to 0, the projection is cleared, every event is replayed, and the consumer runs again.
   */
  rebuildProjection(which: keyof AssessmentConsumers): Promise<void>;
}

export interface AssessmentOptions {
  /** How often the consumers look at the log without a wake-up (the safety net); 1 s by default. */
  pollMs?: number;
}

/**
 * Creates the assessment subgraph on a platform: indexes made, events and grade steps a crash
 * left pending finished, and the projections' consumers started from their checkpoints.
 */
export async function createAssessmentSubgraph(platform: Platform, options: AssessmentOptions = {}): Promise<AssessmentSubgraph> {
  const { db, eventLog } = platform;
  await ensureIndexes(db, assessmentIndexes);
  const repository = new AssessmentRepository(db);
  await flushAllOutboxes(repository.exercises, eventLog);
  const consumers = createConsumers(platform, repository, options);
  const catchUp = {
    courses: () => consumers.catalog.catchUp(),
    enrollments: () => consumers.learning.catchUp(),
    people: () => consumers.identity.catchUp(),
  };
  const service = new AssessmentService(repository, eventLog, catchUp);
  const gradebook = new GradebookService(service, repository, catchUp);
  const appeals = new AppealsService(service, repository, eventLog);
  await service.finishPendingGrades();
  await service.finishPendingRegrades();
  await flushAllOutboxes(repository.submissions, eventLog);
  consumers.catalog.start();
  consumers.learning.start();
  consumers.identity.start();
  const userData = assessmentUserData(platform);
  userData.start();
  return {
    name: 'assessment',
    userData,
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    consumers,
    appeals,
    createContext: (base) => ({ ...base, assessment: service, gradebook, appeals, loaders: service.loaders(base.viewer) }),
    rebuildProjection: (which) => consumers[which].rebuild(),
    stop: async () => {
      await userData.stop();
      await Promise.all([consumers.catalog.stop(), consumers.learning.stop(), consumers.identity.stop()]);
    },
  };
}
