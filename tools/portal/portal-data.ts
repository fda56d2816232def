/**
 * Everything the developer portal shows, read from the repository: the schema reference, whether API
 * keys exist yet (`createApiKey` in the schema), the examples, the webhook sample's source, error codes, limits and the changelog.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDeclarations } from '../schema/breaking.ts';
import { SCHEMA_FILES } from '../schema/pipeline.ts';
import { buildChangelog } from './changelog.ts';
import { errorCodeDocs } from './error-codes.ts';
import { EXAMPLES } from './examples.ts';
import { limitDocs, sessionLifetimes } from './limits.ts';
import type { FeatureDoc, PortalModules } from './model.ts';
import { buildReference } from './reference.ts';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
export const WEBHOOK_SAMPLE = 'tools/portal/samples/verify-webhook.ts';

export async function buildPortalData(): Promise<PortalModules> {
  const apiSdl = read(SCHEMA_FILES.api);
  const reference = buildReference(apiSdl);
  const mutationType = reference.types.find((type) => type.name === reference.roots.mutation);
  const feature = (mutationName: string): FeatureDoc => {
    const mutation = mutationType?.fields.find((field) => field.name === mutationName);
    return mutation ? { available: true, mutation } : { available: false };
  };
  const portal: PortalModules['portal'] = {
    features: { apiKeys: feature('createApiKey'), webhooks: feature('createWebhookSubscription') },
    session: sessionLifetimes(),
    examples: EXAMPLES,
    webhookSample: { file: WEBHOOK_SAMPLE, source: read(WEBHOOK_SAMPLE) },
    errorCodes: errorCodeDocs(),
    limits: limitDocs(),
  };
  const changelog = await buildChangelog(read(SCHEMA_FILES.baseline), apiSdl, parseDeclarations(read(SCHEMA_FILES.declarations)), SCHEMA_FILES.baseline);
  return { portal, reference, changelog };
}
