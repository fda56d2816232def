import type { BaseContext } from '@lg/platform';
import type { AssessmentLoaders, AssessmentService } from './service.ts';
import type { AppealsService } from './services/appeals.ts';
import type { GradebookService } from './services/gradebook.ts';

export interface Context extends BaseContext {
  assessment: AssessmentService;
  gradebook: GradebookService;
  appeals: AppealsService;
  loaders: AssessmentLoaders;
}
