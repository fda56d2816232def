// Live moderation for a screen's list of posts: the latest change to each post of one kind, as
// postChanged tells the viewer (the post as they may see it now, or null when it is gone for them).
import { useSubscription } from 'urql';
import type { PostKind } from '../../gql/graphql.ts';
import { DirectMessageChangedSubscription, PostChangedSubscription } from './queries.ts';

/** Post id → the post as the viewer may now see it (its changed fields), or null when it is gone. */
export type PostChanges = Map<string, Record<string, unknown> | null>;

export function usePostChanges(courseId: string, kind: PostKind): PostChanges {
  const [{ data }] = useSubscription({ query: PostChangedSubscription, variables: { courseId } }, (prev: PostChanges = new Map(), event) => {
    const change = event.postChanged;
    if (change.kind !== kind) return prev;
    const post = change.chatMessage ?? change.question ?? change.answer ?? change.thread ?? change.threadReply ?? null;
    const next = new Map(prev);
    next.set(change.postId, post);
    return next;
  });
  return data ?? new Map();
}

/** The same for a conversation's direct messages (directMessageChanged: its participants only). */
export function useDirectMessageChanges(conversationId: string): PostChanges {
  const [{ data }] = useSubscription({ query: DirectMessageChangedSubscription, variables: { conversationId } }, (prev: PostChanges = new Map(), event) => {
    const change = event.directMessageChanged;
    const next = new Map(prev);
    next.set(change.postId, change.directMessage ?? null);
    return next;
  });
  return data ?? new Map();
}

/** The list with each change applied: gone posts left out, changed ones updated. */
export function applyChanges<T extends { id: string }>(list: T[], changes: PostChanges): T[] {
  const out: T[] = [];
  for (const item of list) {
    if (!changes.has(item.id)) out.push(item);
    else {
      const post = changes.get(item.id);
      if (post) out.push({ ...item, ...post });
    }
  }
  return out;
}
