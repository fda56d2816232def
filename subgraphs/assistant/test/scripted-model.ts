// A local OpenAI-compatible chat-completions server answering from a script: the assistant's tests
// drive its tool calls with it, through the real gateway.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local OpenAI-compatible chat-completions server answering from a script, recording each request. */
export interface ScriptedModel { url: string; requests: any[]; script: any[]; close(): Promise<void> }

export async function scriptedModel(): Promise<ScriptedModel> {
  const model: ScriptedModel = { url: '', requests: [], script: [], close: async () => undefined };
  const read = async (req: IncomingMessage) => { let body = ''; for await (const chunk of req) body += chunk; return body; };
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req));
    model.requests.push({ path: req.url, authorization: req.headers.authorization, body });
    const next = model.script.shift() ?? { content: 'Done.' };
    const message = { role: 'assistant', content: next.content ?? null, ...(next.toolCalls ? { tool_calls: next.toolCalls.map((c: any, i: number) => ({ id: `call_${model.requests.length}_${i}`, type: 'function', function: c })) } : {}) };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message, finish_reason: next.toolCalls ? 'tool_calls' : 'stop' }], usage: { total_tokens: next.tokens ?? 50 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  model.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  model.close = () => new Promise((resolve) => server.close(() => resolve()));
  return model;
}
