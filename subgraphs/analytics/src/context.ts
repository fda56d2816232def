import type { BaseContext } from '@lg/platform';
import type { AnalyticsService } from './service.ts';

export interface Context extends BaseContext {
  analytics: AnalyticsService;
}
