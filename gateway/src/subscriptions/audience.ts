import type { ExecutionResult } from 'graphql';
import type { Auth } from './auth.ts';
import type { ExecuteForEvent } from './payloads.ts';
import type { EventRef } from './lifetime.ts';
import type { MaybePromise } from './maybe-promise.ts';
import { mergeData, type SplitPayload } from './split.ts';

/**
 * One subscriber's payload of an event: the shared part executed once for their whole audience
 * (as whichever member's turn comes first; every member passed the same authorization a moment
 * ago), the per-viewer part with their own token, merged by response path. With nothing per
 * viewer it is the audience's one result object (its JSON is then encoded once: frames.ts).
 */
export function audiencePayload(
  executeForEvent: ExecuteForEvent,
  payload: SplitPayload,
  event: EventRef,
  variables: Record<string, unknown>,
  auth: Auth,
  /** Undefined: the subscriber shares with no audience (only their own token's other subscriptions). */
  audience: string | undefined,
): MaybePromise<ExecutionResult> {
  const shared = payload.shared === null ? undefined : executeForEvent(event, payload.shared, variables, auth, audience);
  if (payload.perViewer === null) return shared ?? {};
  const own = executeForEvent(event, payload.perViewer, variables, auth);
  return Promise.all([shared, own]).then(([s, o]) => mergeResults(s, o));
}

export function mergeResults(shared: ExecutionResult | undefined, own: ExecutionResult | undefined): ExecutionResult {
  if (!shared) return own ?? {};
  if (!own) return shared;
  const errors = [...(shared.errors ?? []), ...(own.errors ?? [])];
  return { data: mergeData(shared.data, own.data) as ExecutionResult['data'], ...(errors.length > 0 ? { errors } : {}) };
}
