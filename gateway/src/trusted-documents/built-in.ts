import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest, type Logger } from '@lg/platform';
import { manifestOf } from './manifest.ts';
import type { TrustedDocuments } from './registry.ts';

/** The web client's operations, written by codegen (the client preset's persisted documents). */
const WEB_MANIFEST = fileURLToPath(new URL('../../../web/src/gql/persisted-documents.json', import.meta.url));
/** The assistant's tools and its session check: it calls the gateway with its user's token. */
const ASSISTANT_OPERATIONS = fileURLToPath(new URL('../../../subgraphs/assistant/operations/', import.meta.url));
const ASSISTANT_SESSION_CHECK = fileURLToPath(new URL('../../../subgraphs/assistant/session-check.graphql', import.meta.url));

/**
 * Registers the manifests every gateway starts with: the web client's (from the codegen output,
 * which must exist when only registered documents run) and the assistant's.
 */
export function registerBuiltInManifests(documents: TrustedDocuments, options: { required: boolean; logger: Logger }): void {
  if (existsSync(WEB_MANIFEST)) {
    documents.register('web', parseManifest('web', JSON.parse(readFileSync(WEB_MANIFEST, 'utf8'))));
  } else if (options.required) {
    throw new Error(`TRUSTED_DOCUMENTS=require, but the web client's manifest ${WEB_MANIFEST} is missing: run graphql-codegen --config codegen.ts first.`);
  } else {
    options.logger.warn({ manifest: WEB_MANIFEST }, "The web client's document manifest is missing (run codegen): its documentIds are unknown.");
  }
  const assistant = readdirSync(ASSISTANT_OPERATIONS).filter((file) => file.endsWith('.graphql')).map((file) => readFileSync(`${ASSISTANT_OPERATIONS}${file}`, 'utf8'));
  documents.register('assistant', manifestOf([...assistant, readFileSync(ASSISTANT_SESSION_CHECK, 'utf8')]));
}
