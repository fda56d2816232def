import type { BaseContext } from '@lg/platform';
import type { MediaService, ViewerLoaders } from './service.ts';

export interface Context extends BaseContext {
  media: MediaService;
  loaders: ViewerLoaders;
}
