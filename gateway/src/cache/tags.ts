import type { LoggedEvent } from '@lg/platform';
import { EVENT_AFFECTS, SEEN_BY_ITS_USER } from './event-affects.ts';

/**
 * What a cached response depends on, as tags an eviction names:
 * - `id:<uuid>` for every id the execution saw (the document, its variables, what each subgraph was
 *   sent and answered, the response), so an entity named anywhere in the plan evicts it — even one
 *   the client never selected, like a course's instructor behind `instructor { displayName }`;
 * - `root:<field>` for each root field, for lists an event can grow without naming their members;
 * - `viewer:<userId>` on every entry kept for one signed-in user.
 */
export const idTag = (id: string) => `id:${id}`;
export const rootTag = (field: string) => `root:${field}`;
export const viewerTag = (userId: string) => `viewer:${userId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Adds a tag for every UUID in `value`, at any depth (object keys are names, not data). */
export function collectIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length === 36 && UUID.test(value)) into.add(idTag(value.toLowerCase()));
  } else if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into);
  } else if (value && typeof value === 'object') {
    for (const key in value) collectIds((value as Record<string, unknown>)[key], into);
  }
}

/** Ids written into a document's text (`course(id: "…")`). */
export function collectIdsInText(text: string, into: Set<string>): void {
  for (const match of text.matchAll(UUIDS)) into.add(idTag(match[0].toLowerCase()));
}

/**
 * What one logged event can have changed: the entities it names (its references and every id in its
 * payload: an OrderPaid names its courses), the signed-in entries of the user it names, and the
 * lists its type declares in EVENT_AFFECTS. It evicts by what the data shows, not by producer, so a
 * projection fed by another subgraph's event is covered by the ids it shares. An event only its
 * user sees (SEEN_BY_ITS_USER) evicts that user's entries alone.
 */
export function tagsOfEvent(event: LoggedEvent): Set<string> {
  const tags = new Set<string>();
  const own = SEEN_BY_ITS_USER[event.type as keyof typeof SEEN_BY_ITS_USER];
  if (own && event.userId) {
    tags.add(viewerTag(event.userId));
    if (own === 'user') tags.add(idTag(event.userId.toLowerCase()));
    return tags;
  }
  for (const ref of [event.aggregateId, event.courseId, event.userId]) if (ref) tags.add(idTag(ref.toLowerCase()));
  if (event.userId) tags.add(viewerTag(event.userId));
  collectIds(event.data, tags);
  for (const field of EVENT_AFFECTS[event.type as keyof typeof EVENT_AFFECTS] ?? []) tags.add(rootTag(field));
  return tags;
}
