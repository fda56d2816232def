import type { BaseContext } from '@lg/platform';
import type { LabsLoaders } from './repository.ts';
import type { LabsService } from './service.ts';

export interface Context extends BaseContext {
  labs: LabsService;
  loaders: LabsLoaders;
}
