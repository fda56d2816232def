import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { UserModel } from './models.ts';
import type { OidcService } from './oidc/service.ts';
import type { IdentityService } from './service.ts';
import type { VerificationService } from './verification/service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  oidc: OidcService;
  verification: VerificationService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
