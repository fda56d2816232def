import type DataLoader from 'dataloader';
import type { BaseContext } from '@lg/platform';
import type { AdminService } from './admin/service.ts';
import type { DocumentManifestService } from './api-keys/manifests.ts';
import type { ApiKeyService } from './api-keys/service.ts';
import type { UserModel } from './models.ts';
import type { MfaService } from './mfa/service.ts';
import type { OidcService } from './oidc/service.ts';
import type { PrivacyService } from './privacy/service.ts';
import type { IdentityService } from './service.ts';
import type { SessionService } from './sessions/service.ts';
import type { AvatarService } from './avatars/service.ts';
import type { VerificationService } from './verification/service.ts';

export interface Context extends BaseContext {
  identity: IdentityService;
  apiKeys: ApiKeyService;
  documentManifests: DocumentManifestService;
  mfa: MfaService;
  oidc: OidcService;
  sessions: SessionService;
  verification: VerificationService;
  admin: AdminService;
  privacy: PrivacyService;
  avatars: AvatarService;
  loaders: { user: DataLoader<string, UserModel | null> };
}
