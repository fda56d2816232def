// Votes on questions and answers, shown before the server answers. No imports: the root typecheck
// reaches this file from tests/web.

/** What a vote needs of graphcache's Cache. */
export interface VoteCache { resolve(entity: { __typename: string; id: string }, field: string): unknown }

/** The optimistic result of a vote of `value` (-1, 0 or 1) on a question or an answer. */
export function optimisticVote(cache: VoteCache, typename: 'Question' | 'Answer', id: string, value: number) {
  const entity = { __typename: typename, id };
  const score = cache.resolve(entity, 'voteScore');
  const mine = cache.resolve(entity, 'viewerVote');
  const voteScore = (typeof score === 'number' ? score : 0) - (typeof mine === 'number' ? mine : 0) + value;
  return { __typename: typename, id, voteScore, viewerVote: value };
}
