import { ensureIndexes, flushAllOutboxes, readSchema, type Platform, type SubgraphDefinition } from '@lg/platform';
import { loadCatalog, type ToolCatalog } from './catalog.ts';
import { loadAssistantConfig, type AssistantConfig } from './config.ts';
import type { Context } from './context.ts';
import { ToolRunner } from './executor.ts';
import { assistantRoutes } from './http.ts';
import { permissions } from './permissions.ts';
import { OfflinePlanner } from './planner.ts';
import { OpenAICompatibleProvider, type ModelProvider } from './providers.ts';
import { AssistantRepository, assistantIndexes } from './repository.ts';
import { resolvers } from './resolvers.ts';
import { AssistantService } from './service.ts';
import { gatewaySessionCheck } from './session-check.ts';
import { assistantUserData } from './user-data.ts';

export { loadCatalog, loadTool, inputSchemaOf, jsonSchemaOf, type JsonSchema, type Tool, type ToolCatalog } from './catalog.ts';
export { loadAssistantConfig, type AssistantConfig } from './config.ts';
export { ToolRunner, truncate, type ToolResult } from './executor.ts';
export { OfflinePlanner, CONFIRMATION, HELP } from './planner.ts';
export { OpenAICompatibleProvider, ProviderError, estimateTokens, type ChatMessage, type ModelProvider, type ModelToolCall, type ModelTurn } from './providers.ts';
export { AssistantRepository, CONVERSATIONS, USAGE } from './repository.ts';
export { AssistantService, SYSTEM_PROMPT, type AskInput, type Asker } from './service.ts';
export { ROUTES, routeFor } from './routes.ts';
export type { AssistantMessageModel, AssistantToolCallModel, ConversationModel } from './models.ts';

const typeDefs = readSchema(new URL('../schema.graphql', import.meta.url));

export interface AssistantOptions {
  /** Settings instead of the environment's (tests). */
  env?: Record<string, string | undefined>;
  /** The model; by default the OpenAI-compatible API of ASSISTANT_BASE_URL, else the offline planner. */
  provider?: ModelProvider;
}

export interface AssistantSubgraph extends SubgraphDefinition<Context> {
  service: AssistantService;
  repository: AssistantRepository;
  catalog: ToolCatalog;
  config: AssistantConfig;
  /** Where the tools are sent now. */
  gatewayUrl(): string;
}

/** The configured model: an OpenAI-compatible API when ASSISTANT_BASE_URL is set, else the built-in planner. */
export function providerFrom(config: AssistantConfig): ModelProvider {
  if (!config.ASSISTANT_BASE_URL) return new OfflinePlanner();
  return new OpenAICompatibleProvider({
    baseUrl: config.ASSISTANT_BASE_URL, model: config.ASSISTANT_MODEL, timeoutMs: config.ASSISTANT_TIMEOUT_MS,
    ...(config.ASSISTANT_API_KEY ? { apiKey: config.ASSISTANT_API_KEY } : {}),
  });
}

/**
 * Creates the assistant subgraph: the tool catalog loaded and validated against the API schema
 * (a tool that no longer validates stops the start), indexes made, the model chosen. Its tools run
 * through the gateway of GATEWAY_URL (default: this machine's PORT), or the one the stack reports.
 */
export async function createAssistantSubgraph(platform: Platform, options: AssistantOptions = {}): Promise<AssistantSubgraph> {
  const { db, logger } = platform;
  const config = loadAssistantConfig(options.env ?? process.env);
  const catalog = loadCatalog();
  await ensureIndexes(db, assistantIndexes);
  const repository = new AssistantRepository(db);
  await flushAllOutboxes(repository.conversations, platform.eventLog);
  let gatewayUrl = config.GATEWAY_URL ?? `http://127.0.0.1:${platform.config.PORT}/graphql`;
  const runner = new ToolRunner(catalog, { gatewayUrl: () => gatewayUrl, maxResultChars: config.ASSISTANT_TOOL_RESULT_CHARS });
  const provider = options.provider ?? providerFrom(config);
  const log = logger.child({ part: 'assistant' });
  const service = new AssistantService(repository, catalog, runner, provider, config, log, platform.eventLog);
  const userData = assistantUserData(platform);
  userData.start();
  return {
    name: 'assistant',
    userData,
    stop: () => userData.stop(),
    typeDefs,
    resolvers,
    permissions,
    service,
    repository,
    catalog,
    config,
    gatewayUrl: () => gatewayUrl,
    createContext: (base) => ({ ...base, assistant: service }),
    routes: assistantRoutes({
      service, catalog, verifier: platform.verifier, log, maxBodyBytes: platform.config.MAX_BODY_BYTES,
      checkSession: gatewaySessionCheck(() => gatewayUrl),
    }),
    gatewayStarted: (url) => {
      if (!config.GATEWAY_URL) gatewayUrl = url;
    },
  };
}
