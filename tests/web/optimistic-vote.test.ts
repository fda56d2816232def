// The optimistic result of a vote: the score moves by the difference between the new and the old vote.
import { describe, expect, it } from 'vitest';
import { optimisticVote, type VoteCache } from '../../web/src/lib/votes.ts';

function cacheWith(fields: Record<string, unknown>): VoteCache {
  return { resolve: (_entity, field) => fields[field] };
}

describe('optimisticVote', () => {
  it('adds a first vote, replaces an opposite one and takes one back', () => {
    expect(optimisticVote(cacheWith({ voteScore: 3, viewerVote: 0 }), 'Question', 'q1', 1)).toEqual({ __typename: 'Question', id: 'q1', voteScore: 4, viewerVote: 1 });
    expect(optimisticVote(cacheWith({ voteScore: 3, viewerVote: 1 }), 'Answer', 'a1', -1)).toEqual({ __typename: 'Answer', id: 'a1', voteScore: 1, viewerVote: -1 });
    expect(optimisticVote(cacheWith({ voteScore: -1, viewerVote: -1 }), 'Answer', 'a1', 0)).toEqual({ __typename: 'Answer', id: 'a1', voteScore: 0, viewerVote: 0 });
  });
  it('counts from zero when the cache does not hold the score', () => {
    expect(optimisticVote(cacheWith({}), 'Question', 'q2', 1)).toEqual({ __typename: 'Question', id: 'q2', voteScore: 1, viewerVote: 1 });
  });
});
