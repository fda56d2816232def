import { AssistantAnswered } from '@lg/events';
import { badInput, flushOutbox, isId, newId, notFound, rateLimited, signedIn, type EventLog, type Viewer } from '@lg/platform';
import type { Platform } from '@lg/platform';

type Logger = Platform['logger'];
import type { Tool, ToolCatalog } from './catalog.ts';
import type { AssistantConfig } from './config.ts';
import type { ToolRunner } from './executor.ts';
import type { AssistantMessageModel, AssistantReplyModel, AssistantToolCallModel, AssistantToolModel, ConversationModel, PendingCalls } from './models.ts';
import { CONFIRMATION } from './planner.ts';
import { ProviderError, type ChatMessage, type ModelProvider, type ModelToolCall } from './providers.ts';
import { MAX_MESSAGES, MAX_TOOL_CALLS, type AssistantRepository } from './repository.ts';

export const SYSTEM_PROMPT =
  'You are the Learning Graph assistant of an online learning platform. Answer with the tools you are given; they run as the ' +
  'signed-in user, with exactly their permissions. Prefer ids from earlier tool results. Times are UTC. Tools that change ' +
  'something (enrolling, booking, buying, posting) are confirmed by the user before they run. Keep answers short.';

export interface AskInput {
  prompt: string;
  conversationId?: string | null;
  /** The caller's explicit consent to run mutating tools without asking first. */
  autoConfirm?: boolean | null;
}

/** The asking user as the assistant acts for them: who, and the bearer token their tools run with. */
export interface Asker {
  viewer: Viewer | null;
  token: string | undefined;
  requestId?: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The assistant's use cases: the tool catalog, conversations, and answering a prompt with tools. */
export class AssistantService {
  private calls = 0;

  constructor(
    private readonly repository: AssistantRepository,
    private readonly catalog: ToolCatalog,
    private readonly runner: ToolRunner,
    private readonly provider: ModelProvider,
    private readonly config: AssistantConfig,
    private readonly log: Logger,
    private readonly events: EventLog,
  ) {}

  get providerName(): string {
    return this.provider.name;
  }

  tools(): AssistantToolModel[] {
    return this.catalog.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: JSON.stringify(t.inputSchema), mutates: t.mutates }));
  }

  async myConversations(viewer: Viewer | null): Promise<ConversationModel[]> {
    return this.repository.listOf(signedIn(viewer).id);
  }

  /** The owner's conversation; null for anyone else, as for an unknown id. */
  async conversation(viewer: Viewer | null, id: string): Promise<ConversationModel | null> {
    const actor = signedIn(viewer);
    if (!isId(id)) return null;
    const found = await this.repository.find(id);
    return found?.userId === actor.id ? found : null;
  }

  /** Runs one tool for a user outside a conversation (the MCP endpoint): the caller is the one who confirms. */
  async runTool(asker: Asker, name: string, args: unknown) {
    const actor = signedIn(asker.viewer);
    await this.spendRequest(actor.id);
    return this.runner.run(name, args, asker.token, asker.requestId);
  }

  /**
   * askAssistant and POST /v1/ai/chat: loads (or starts) the conversation, runs what waits for
   * confirmation when the prompt confirms it, then asks the model with the tool catalog and runs
   * the tools it asks for, for at most ASSISTANT_MAX_ROUNDS rounds; a mutating call stops the
   * exchange with a question unless autoConfirm is set. Every message and tool call is stored.
   */
  async ask(asker: Asker, input: AskInput): Promise<AssistantReplyModel> {
    const actor = signedIn(asker.viewer);
    const prompt = (input.prompt ?? '').trim();
    if (prompt.length === 0) throw badInput('prompt must not be empty.', 'prompt');
    if (prompt.length > this.config.ASSISTANT_MAX_PROMPT_CHARS) throw badInput(`prompt must be at most ${this.config.ASSISTANT_MAX_PROMPT_CHARS} characters.`, 'prompt');
    if (input.conversationId != null && !isId(input.conversationId)) throw badInput('conversationId is not a valid id.', 'conversationId');

    let conversation: ConversationModel | null = null;
    if (input.conversationId != null) {
      conversation = await this.repository.find(input.conversationId);
      if (conversation?.userId !== actor.id) throw notFound('The conversation');
      if (conversation.messages.length + 2 * this.config.ASSISTANT_MAX_ROUNDS + 2 > MAX_MESSAGES)
        throw badInput('This conversation is full; start a new one.', 'conversationId');
    }
    await this.spendRequest(actor.id);
    const dayKey = `${actor.id}:d:${Math.floor(Date.now() / DAY)}`;
    const spent = (await this.repository.usageOf(dayKey))?.tokens ?? 0;
    if (spent >= this.config.ASSISTANT_TOKENS_PER_DAY) throw rateLimited('Your assistant token budget for today is used up; try again tomorrow.', this.secondsToNextDay());

    const now = new Date();
    if (!conversation) {
      conversation = { _id: newId(), userId: actor.id, messages: [], pending: null, createdAt: now, updatedAt: now };
      await this.repository.insert(conversation);
    }
    const added: AssistantMessageModel[] = [];
    let tokens = 0;
    let pending: PendingCalls | null = null;

    const waiting = conversation.pending;
    if (waiting && CONFIRMATION.test(prompt)) {
      added.push(message('USER', prompt));
      const done: AssistantToolCallModel[] = [];
      for (const call of waiting.calls) done.push(await this.execute(asker, { id: `${call.id}-confirmed`, name: call.tool, arguments: call.arguments }));
      added.push(message('ASSISTANT', '', done));
    } else {
      // Any other prompt cancels what waited: recorded before it, as the answer to the question asked.
      if (waiting) {
        added.push(message('ASSISTANT', 'Cancelled: nothing was changed.', waiting.calls.map((c) => ({
          id: `${c.id}-cancelled`, tool: c.tool, arguments: c.arguments, ok: false, result: JSON.stringify({ cancelled: true }), status: 'CANCELLED' as const,
        }))));
      }
      added.push(message('USER', prompt));
    }

    let final: AssistantMessageModel | undefined;
    try {
      for (let round = 0; round < this.config.ASSISTANT_MAX_ROUNDS && !final; round += 1) {
        const history = this.history([...conversation.messages, ...added]);
        const turn = await this.provider.complete({ messages: history, tools: this.catalog.tools });
        tokens += turn.tokens;
        // A model may ask for any number of calls at once; a message keeps at most MAX_TOOL_CALLS (the schema's @listSize).
        const toolCalls = turn.toolCalls.slice(0, MAX_TOOL_CALLS);
        if (toolCalls.length === 0) {
          final = message('ASSISTANT', turn.content.trim() || 'Done.');
          break;
        }
        const mutating = toolCalls.filter((c) => this.catalog.byName.get(c.name)?.mutates);
        if (mutating.length > 0 && !input.autoConfirm) {
          // Nothing of this turn runs before the user says yes: the reply asks, the next prompt confirms.
          const asking = message('ASSISTANT', confirmationQuestion(turn.content, mutating, this.catalog.byName),
            toolCalls.map((c) => ({ id: c.id, tool: c.name, arguments: c.arguments, ok: false, result: null, status: 'PENDING' as const })));
          pending = { messageId: asking._id, calls: toolCalls.map((c) => ({ id: c.id, tool: c.name, arguments: c.arguments })) };
          final = asking;
          break;
        }
        const calls: AssistantToolCallModel[] = [];
        for (const call of toolCalls) calls.push(await this.execute(asker, call));
        added.push(message('ASSISTANT', turn.content, calls));
        if (tokens + spent >= this.config.ASSISTANT_TOKENS_PER_DAY) {
          final = message('ASSISTANT', 'I stopped here: your assistant token budget for today is used up.');
        }
      }
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.log.warn({ err: error }, 'assistant model failed');
      final = message('ASSISTANT', `Sorry, the assistant's model failed: ${error.message}`);
    }
    final ??= message('ASSISTANT', `I stopped after ${this.config.ASSISTANT_MAX_ROUNDS} rounds of tool calls without an answer; please ask more specifically.`);
    added.push(final);

    await this.repository.count(dayKey, actor.id, { tokens }, new Date(Date.now() + 2 * DAY));
    const answered = AssistantAnswered.build({ conversationId: conversation._id, userId: actor.id, tokens });
    const saved = await this.repository.append(conversation._id, added, pending, new Date(), answered);
    if (!saved) throw notFound('The conversation');
    await flushOutbox(this.repository.conversations, conversation._id, this.events);
    return { conversation: saved, message: final };
  }

  private async execute(asker: Asker, call: ModelToolCall): Promise<AssistantToolCallModel> {
    const result = await this.runner.run(call.name, call.arguments, asker.token, asker.requestId);
    return { id: call.id, tool: String(call.name).slice(0, 100), arguments: String(call.arguments).slice(0, 20_000), ok: result.ok, result: result.result, status: 'DONE' };
  }

  /** The conversation as the model reads it: the system prompt and the latest messages, each call answered. */
  private history(messages: AssistantMessageModel[]): ChatMessage[] {
    const recent = messages.slice(-this.config.ASSISTANT_HISTORY_MESSAGES);
    // Never start in the middle of an exchange: from the first user message on.
    const start = recent.findIndex((m) => m.role === 'USER');
    const chat: ChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
    for (const m of recent.slice(Math.max(0, start))) {
      if (m.role === 'USER') chat.push({ role: 'user', content: m.content });
      else if (m.role === 'ASSISTANT' && m.toolCalls.length > 0) {
        chat.push({ role: 'assistant', content: m.content, toolCalls: m.toolCalls.map((c) => ({ id: c.id, name: c.tool, arguments: c.arguments })) });
        for (const c of m.toolCalls) {
          const result = c.status === 'PENDING' ? JSON.stringify({ status: 'awaiting the user\'s confirmation' }) : c.result ?? 'null';
          chat.push({ role: 'tool', toolCallId: c.id, content: result });
        }
      } else if (m.role === 'ASSISTANT') chat.push({ role: 'assistant', content: m.content });
    }
    return chat;
  }

  private async spendRequest(userId: string): Promise<void> {
    const minute = Math.floor(Date.now() / MINUTE);
    const used = await this.repository.count(`${userId}:m:${minute}`, userId, { requests: 1 }, new Date((minute + 2) * MINUTE));
    this.calls += 1;
    if (this.calls % 200 === 0) await this.repository.expireUsage(new Date()).catch(() => undefined);
    if (used.requests > this.config.ASSISTANT_REQUESTS_PER_MINUTE) {
      throw rateLimited(`At most ${this.config.ASSISTANT_REQUESTS_PER_MINUTE} assistant requests a minute; try again shortly.`, Math.ceil(((minute + 1) * MINUTE - Date.now()) / 1000));
    }
  }

  private secondsToNextDay(): number {
    return Math.ceil(((Math.floor(Date.now() / DAY) + 1) * DAY - Date.now()) / 1000);
  }
}

function message(role: AssistantMessageModel['role'], content: string, toolCalls: AssistantToolCallModel[] = []): AssistantMessageModel {
  return { _id: newId(), role, content, toolCalls, createdAt: new Date() };
}

function confirmationQuestion(content: string, calls: ModelToolCall[], tools: Map<string, Tool>): string {
  const lines = calls.map((c) => `- ${c.name}: ${tools.get(c.name)?.description ?? ''} Arguments: ${c.arguments}`);
  const lead = content.trim() ? `${content.trim()}\n\n` : '';
  return `${lead}This changes something for you, so I need your confirmation first:\n${lines.join('\n')}\nReply "yes" to go ahead, or anything else to cancel.`;
}
