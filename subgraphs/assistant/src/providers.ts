import type { Tool } from './catalog.ts';

/** A message of the conversation as a chat model sees it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** On an assistant message: the tools it asked for. */
  toolCalls?: ModelToolCall[];
  /** On a tool message: the call it answers. */
  toolCallId?: string;
}

/** A tool call the model asks for; `arguments` is JSON text exactly as the model wrote it. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ModelTurn {
  content: string;
  toolCalls: ModelToolCall[];
  /** Tokens the turn cost (as the provider counts them, or estimated). */
  tokens: number;
}

/** Every model the assistant can use answers through this one interface. */
export interface ModelProvider {
  readonly name: string;
  complete(input: { messages: ChatMessage[]; tools: Tool[] }): Promise<ModelTurn>;
}

export class ProviderError extends Error {}

/** About four characters a token: the estimate used where a provider does not count. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

interface OpenAIMessage {
  role: string;
  content: string | null;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** Any OpenAI-compatible chat-completions API with tool calling. */
export class OpenAICompatibleProvider implements ModelProvider {
  readonly name = 'openai-compatible';

  constructor(private readonly options: { baseUrl: string; apiKey?: string; model: string; timeoutMs?: number }) {}

  async complete({ messages, tools }: { messages: ChatMessage[]; tools: Tool[] }): Promise<ModelTurn> {
    const body = {
      model: this.options.model,
      messages: messages.map(toOpenAI),
      ...(tools.length > 0
        ? { tools: tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } })), tool_choice: 'auto' }
        : {}),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      throw new ProviderError(`The model could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok) throw new ProviderError(`The model answered HTTP ${response.status}.`);
    let data: { choices?: { message?: OpenAIMessage }[]; usage?: { total_tokens?: number } };
    try {
      data = (await response.json()) as typeof data;
    } catch {
      throw new ProviderError('The model answered something that is not JSON.');
    }
    const message = data.choices?.[0]?.message;
    if (!message) throw new ProviderError('The model answered without a message.');
    const toolCalls = (message.tool_calls ?? []).map((c, i) => ({
      id: typeof c.id === 'string' && c.id ? c.id : `call_${i}`,
      name: String(c.function?.name ?? ''),
      arguments: typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments ?? {}),
    }));
    const content = typeof message.content === 'string' ? message.content : '';
    const tokens = data.usage?.total_tokens ?? estimateTokens(JSON.stringify(body)) + estimateTokens(content);
    return { content, toolCalls, tokens };
  }
}

function toOpenAI(message: ChatMessage): OpenAIMessage {
  if (message.role === 'tool') return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content || null,
      tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
    };
  }
  return { role: message.role, content: message.content };
}
