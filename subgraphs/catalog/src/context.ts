import type { BaseContext } from '@lg/platform';
import type { CatalogLoaders, CatalogService } from './service.ts';
import type { ContentService } from './services/content.ts';

export interface Context extends BaseContext {
  catalog: CatalogService;
  content: ContentService;
  loaders: CatalogLoaders;
}
