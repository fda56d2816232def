import type { BaseContext } from '@lg/platform';
import type { CatalogLoaders, CatalogService } from './service.ts';

export interface Context extends BaseContext {
  catalog: CatalogService;
  loaders: CatalogLoaders;
}
