import type { BaseContext } from '@lg/platform';
import type { CommerceLoaders } from './repository.ts';
import type { CommerceService } from './service.ts';

export interface Context extends BaseContext {
  commerce: CommerceService;
  loaders: CommerceLoaders;
}
