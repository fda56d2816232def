import type { BaseContext, gatewaySignatureGuard, Logger, SubgraphDefinition } from '@lg/platform';
import { ApiKeyRefusal, type ApiKeyService } from './service.ts';

type App = Parameters<NonNullable<SubgraphDefinition<BaseContext>['routes']>>[0];

/** Where the gateway exchanges an API key for an access token; a signed request of the gateway's only. */
export const API_KEY_TOKEN_PATH = '/internal/api-key-token';

/**
 * POST {key, address} → 200 {token, expiresAt}, or 401/403 {code, message}. Behind the gateway
 * signature guard, so no one but the gateway can try keys here (the gateway limits its callers).
 */
export function apiKeyRoutes(apiKeys: ApiKeyService, signed: ReturnType<typeof gatewaySignatureGuard>, log: Logger): (app: App) => void {
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
  };
}
