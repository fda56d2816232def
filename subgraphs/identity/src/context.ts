import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { UserModel } from './models.ts';
import type { MfaService } from './mfa/service.ts';
import type { IdentityService } from './service.ts';
import type { SessionService } from './sessions/service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  mfa: MfaService;
  sessions: SessionService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
