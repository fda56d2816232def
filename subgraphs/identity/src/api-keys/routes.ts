import type { BaseContext, gatewaySignatureGuard, Logger, SubgraphDefinition } from '@lg/platform';
import type { DocumentManifestService } from './manifests.ts';
import { ApiKeyRefusal, type ApiKeyService } from './service.ts';

type App = Parameters<NonNullable<SubgraphDefinition<BaseContext>['routes']>>[0];

/** Where the gateway exchanges an API key for an access token; a signed request of the gateway's only. */
export const API_KEY_TOKEN_PATH = '/internal/api-key-token';
/** Where a gateway reads the manifest a key is pinned to (once: manifests never change). */
export const DOCUMENT_MANIFEST_PATH = '/internal/document-manifest';

/**
 * POST {key, address} → 200 {token, expiresAt}, or 401/403 {code, message}; POST {userId, manifest}
 * to the manifest path → 200 {documents: {hash: text}}, or 404. Behind the gateway signature guard,
 * so no one but the gateway can try keys or read manifests here (the gateway limits its callers).
 */
export function apiKeyRoutes(apiKeys: ApiKeyService, manifests: DocumentManifestService, signed: ReturnType<typeof gatewaySignatureGuard>, log: Logger): (app: App) => void {
  return (app) => {
    app.post(API_KEY_TOKEN_PATH, ...signed, async (req, res) => {
      const { key, address } = (req.body ?? {}) as { key?: unknown; address?: unknown };
      try {
        if (typeof key !== 'string' || key.length > 200) throw new ApiKeyRefusal('UNAUTHENTICATED', 'The API key is not valid.');
        const token = await apiKeys.exchange(key, typeof address === 'string' ? address : undefined);
        res.json({ token: token.token, expiresAt: token.expiresAt.getTime() });
      } catch (error) {
        if (error instanceof ApiKeyRefusal) {
          res.status(error.code === 'FORBIDDEN' ? 403 : 401).json({ code: error.code, message: error.message });
          return;
        }
        log.error({ err: error }, 'API key exchange failed');
        res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'The API key could not be checked; try again.' });
      }
    });
    app.post(DOCUMENT_MANIFEST_PATH, ...signed, async (req, res) => {
      const { userId, manifest } = (req.body ?? {}) as { userId?: unknown; manifest?: unknown };
      try {
        const documents = typeof userId === 'string' && typeof manifest === 'string' ? await manifests.documentsOf(userId, manifest) : undefined;
        if (documents) res.json({ documents });
        else res.status(404).json({ code: 'NOT_FOUND', message: 'No such document manifest.' });
      } catch (error) {
        log.error({ err: error }, 'Reading a document manifest failed');
        res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'The manifest could not be read; try again.' });
      }
    });
  };
}
