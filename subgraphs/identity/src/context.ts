import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { UserModel } from './models.ts';
import type { OidcService } from './oidc/service.ts';
import type { IdentityService } from './service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  oidc: OidcService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
