import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { UserModel } from './models.ts';
import type { IdentityService } from './service.ts';
import type { AvatarService } from './avatars/service.ts';
import type { VerificationService } from './verification/service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  verification: VerificationService;
  avatars: AvatarService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
