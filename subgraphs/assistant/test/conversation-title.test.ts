// A conversation's title, as lists of conversations show it.
import { describe, expect, it } from 'vitest';
import { conversationTitle } from '../src/conversation-title.ts';
import type { AssistantMessageModel } from '../src/models.ts';

const said = (...contents: [AssistantMessageModel['role'], string][]) =>
  ({ messages: contents.map(([role, content]) => ({ role, content, toolCalls: [], createdAt: new Date() }) as unknown as AssistantMessageModel) });

describe('a conversation title', () => {
  it('is the first thing the user asked, on one line', () => {
    expect(conversationTitle(said(['USER', '  find\n python\tcourses '], ['ASSISTANT', 'Here they are.'], ['USER', 'yes']))).toBe('find python courses');
  });
  it('is cut at a word with an ellipsis past 80 characters', () => {
    const long = `${'word '.repeat(30)}end`;
    const title = conversationTitle(said(['USER', long]));
    expect(title.length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^word( word)+…$/);
  });
  it('cuts a single very long word where it must', () => {
    expect(conversationTitle(said(['USER', 'x'.repeat(200)]))).toBe(`${'x'.repeat(79)}…`);
  });
  it('reads "New conversation" before anything was asked', () => {
    expect(conversationTitle(said())).toBe('New conversation');
  });
});
