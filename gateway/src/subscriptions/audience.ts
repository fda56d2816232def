import type { ExecutionResult } from 'graphql';
import type { Auth } from './auth.ts';
import type { ExecuteForEvent } from './payloads.ts';
import type { EventRef } from './lifetime.ts';
import { EVENT_ID_VARIABLE } from './rewrite.ts';
import { mergeData, type SplitPayload } from './split.ts';

/**
 * One subscriber's payload of an event: the shared part executed once for their whole audience
 * (as whichever member's turn comes first; every member passed the same authorization a moment
 * ago), the per-viewer part with their own token, merged by response path.
 */
export async function audiencePayload(
  executeForEvent: ExecuteForEvent,
  payload: SplitPayload,
  event: EventRef,
  variables: Record<string, unknown>,
  auth: Auth,
  audience: string,
): Promise<ExecutionResult> {
  const withId = { ...variables, [EVENT_ID_VARIABLE]: event.id };
  const [shared, own] = await Promise.all([
    payload.shared === null ? undefined : executeForEvent(event.eventId, payload.shared, withId, auth, `audience:${audience}`),
    payload.perViewer === null ? undefined : executeForEvent(event.eventId, payload.perViewer, withId, auth),
  ]);
  return mergeResults(shared, own);
}

export function mergeResults(shared: ExecutionResult | undefined, own: ExecutionResult | undefined): ExecutionResult {
  if (!shared) return own ?? {};
  if (!own) return shared;
  const errors = [...(shared.errors ?? []), ...(own.errors ?? [])];
  return { data: mergeData(shared.data, own.data) as ExecutionResult['data'], ...(errors.length > 0 ? { errors } : {}) };
}
