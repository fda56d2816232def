import type { BaseContext } from '@lg/platform';
import type { AssessmentLoaders, AssessmentService } from './service.ts';

export interface Context extends BaseContext {
  assessment: AssessmentService;
  loaders: AssessmentLoaders;
}
