import type { BaseContext } from '@lg/platform';
import type { EngagementLoaders, EngagementService } from './service.ts';

export interface Context extends BaseContext {
  engagement: EngagementService;
  loaders: EngagementLoaders;
}
