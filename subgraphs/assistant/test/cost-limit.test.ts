import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestStack, type TestStack } from '../../../tests/support/stack.ts';

let t: TestStack;
beforeAll(async () => void (t = await startTestStack()));
afterAll(async () => t?.close());

describe('the assistant\'s tools run under the gateway\'s cost limit', () => {
  it('a tool called over MCP with a huge page size is refused by its estimated cost, and a normal call runs', async () => {
    const base = t.stack.servers.assistant!.url.replace(/\/graphql$/, '');
    const student = await signUp(t);
    const client = new Client({ name: 'cost-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${student.token}` } } }));
    try {
      // The tool's input schema cannot bound `first` (it is an Int of the API); the gateway's estimate does.
      const refused = await client.callTool({ name: 'list_courses', arguments: { first: 1_000_000 } });
      expect(refused.isError).toBe(true);
      const result = JSON.parse((refused.content as { text: string }[])[0]!.text);
      expect(result.errors[0]).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/estimated cost is \d+, over the limit of 10000/) });

      const listed = await client.callTool({ name: 'list_courses', arguments: { first: 100 } });
      expect(listed.isError).toBe(false);
    } finally {
      await client.close();
    }
  });
});
