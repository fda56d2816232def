import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { UserModel } from './models.ts';
import type { PrivacyService } from './privacy/service.ts';
import type { IdentityService } from './service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  privacy: PrivacyService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
