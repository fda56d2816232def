import type { BaseContext } from '@lg/platform';
import type { LearningLoaders } from './repository.ts';
import type { LearningService } from './service.ts';

export interface Context extends BaseContext {
  learning: LearningService;
  loaders: LearningLoaders;
}
