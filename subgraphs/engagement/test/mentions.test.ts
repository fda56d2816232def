import { describe, expect, it } from 'vitest';
import { mentionCandidates } from '../src/threads/inputs.ts';

describe('the names a body may @mention', () => {
  it('are the next one, two and three words after each @, without trailing punctuation', () => {
    expect(mentionCandidates('Hello @Ann Lee Park, see this.')).toEqual(['Ann', 'Ann Lee', 'Ann Lee Park']);
  });

  it('include every one of several mentions in a row, separated by a comma or a space alone', () => {
    const names = mentionCandidates('@Ann, @Bob and @Cy @Dee');
    for (const name of ['Ann', 'Bob', 'Cy', 'Dee']) expect(names).toContain(name);
  });

  it('skip an @ inside a word (an e-mail address) and a lone @', () => {
    expect(mentionCandidates('write to ann@example.com or @ nobody')).toEqual([]);
  });
});
