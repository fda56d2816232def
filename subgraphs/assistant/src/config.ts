import { z } from 'zod';

// The assistant's own settings, from the environment, validated at start like the platform's.
const schema = z.object({
  /** The gateway the tools run through; by default the one of this machine's PORT. */
  GATEWAY_URL: z.string().url().optional(),
  /** An OpenAI-compatible chat-completions API; without it the built-in offline planner answers. */
  ASSISTANT_BASE_URL: z.string().url().optional(),
  ASSISTANT_API_KEY: z.string().optional(),
  ASSISTANT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(60_000),
  ASSISTANT_MAX_ROUNDS: z.coerce.number().int().min(1).max(20).default(5),
  ASSISTANT_MAX_PROMPT_CHARS: z.coerce.number().int().min(10).max(100_000).default(4_000),
  ASSISTANT_TOOL_RESULT_CHARS: z.coerce.number().int().min(200).max(200_000).default(6_000),
  ASSISTANT_HISTORY_MESSAGES: z.coerce.number().int().min(2).max(500).default(40),
  ASSISTANT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  ASSISTANT_TOKENS_PER_DAY: z.coerce.number().int().min(100).default(200_000),
});

export type AssistantConfig = z.infer<typeof schema>;

export function loadAssistantConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): AssistantConfig {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
