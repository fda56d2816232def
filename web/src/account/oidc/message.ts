import type { CombinedError } from 'urql';
import { errorMessage } from '../../lib/errors.ts';

/**
 * Sign-in's refusals are written for the person (unverified email, last way to sign in, provider
 * down): shown as the server says them, where the generic words would hide what to do.
 */
export function oidcErrorMessage(error: CombinedError | Error): string {
  const first = 'graphQLErrors' in error ? error.graphQLErrors[0] : undefined;
  const code = first?.extensions?.code;
  if (first && (code !== 'INTERNAL_SERVER_ERROR' || first.extensions?.reason === 'PROVIDER_UNAVAILABLE')) return first.message;
  return errorMessage(error);
}
