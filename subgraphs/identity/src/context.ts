import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { AdminService } from './admin/service.ts';
import type { UserModel } from './models.ts';
import type { IdentityService } from './service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  admin: AdminService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
