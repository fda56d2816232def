import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Metrics } from '@lg/platform';
import type { GatewayContext } from '../context.ts';
import { cacheKeyOf, scopeOf } from './cache-key.ts';
import type { ResponseCache } from './response-cache.ts';
import { watchIds } from './seen-ids.ts';
import { UNCACHED_ROOT_FIELDS } from './event-affects.ts';
import { collectIds, collectIdsInText, rootTag, viewerTag } from './tags.ts';

const UNCACHED_TAGS = [...UNCACHED_ROOT_FIELDS].map(rootTag);

/** Requests answered from the cache: they wait in no expensive lane. */
export const servedFromCache = new WeakSet<object>();

function rootFields(selectionSet: SelectionSetNode, document: DocumentNode, into: Set<string>, depth = 0): void {
  if (depth > 10) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(rootTag(selection.name.value));
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFields(selection.selectionSet, document, into, depth + 1);
    else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFields(fragment.selectionSet, document, into, depth + 1);
    }
  }
}

/**
 * Answers a query from this instance's cache when it can, keeps error-free query answers with their
 * tags, and after a mutation evicts what it touched and marks its writer (read-your-writes).
 * The gateway's own executions (subscription payloads, no address) are neither served nor kept.
 */
export function responseCachePlugin(cache: ResponseCache, metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      if (contextValue.address === undefined) return;
      const startedAt = cache.store.now();
      const viewer = contextValue.viewer;
      const key = cacheKeyOf(request, scopeOf(viewer));
      let hit = key === undefined ? undefined : cache.store.get(key);
      if (hit !== undefined && viewer && (await cache.writerPending(viewer.id))) hit = undefined;
      if (hit !== undefined) servedFromCache.add(contextValue);
      const ids = new Set<string>();
      if (hit === undefined) watchIds(contextValue, ids);
      let operation: OperationDefinitionNode | undefined;
      return {
        async responseForOperation(rc) {
          operation = rc.operation;
          if (operation.operation === 'query') metrics.responseCacheLookups.inc({ result: hit !== undefined ? 'hit' : key === undefined ? 'uncacheable' : 'miss' });
          if (hit === undefined || operation.operation !== 'query') return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: JSON.parse(hit) } };
        },
        async willSendResponse(rc) {
          operation ??= rc.operation;
          if (!operation || hit !== undefined || rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          collectIds(request.variables, ids);
          collectIds(result.data, ids);
          if (operation.operation === 'mutation') {
            if (viewer) ids.add(viewerTag(viewer.id));
            await cache.afterMutation([...ids], viewer?.id);
            return;
          }
          if (operation.operation !== 'query' || key === undefined || result.errors?.length || !result.data) return;
          if (request.query) collectIdsInText(request.query, ids);
          if (rc.document) rootFields(operation.selectionSet, rc.document, ids);
          if (UNCACHED_TAGS.some((tag) => ids.has(tag))) return;
          if (viewer) ids.add(viewerTag(viewer.id));
          cache.store.set(key, JSON.stringify({ data: result.data }), ids, startedAt);
        },
      };
    },
  };
}
