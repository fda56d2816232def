// One thread: its sanitised body, replies two levels deep (a new one shows live, through
// threadReplyAdded; an edited, hidden or deleted one changes live, through postChanged), reactions,
// follow and bookmark, pin and lock for the course's staff, and moderation (PostActions) of each post.
import { useCallback, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import type { PostKind, Reaction, ThreadQuery as ThreadQueryResult } from '../../gql/graphql.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { useCatchUpOnReconnect, useLiveState } from '../../lib/session.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, LiveIndicator, Loading, Row, Stack } from '../../ui/index.tsx';
import { PostActions, PostMarks, type ModeratedPost } from '../moderation/PostActions.tsx';
import { applyChanges, usePostChanges, type PostChanges } from '../moderation/live.ts';
import { MarkdownEditor, THREAD_LIMITS } from './Discussions.tsx';
import {
  BookmarkMutation, FollowMutation, LockMutation, PinMutation, ReactMutation, ReplyMutation, ThreadQuery, ThreadReplyAddedSubscription,
  UnbookmarkMutation, UnfollowMutation,
} from './queries.ts';

// Words, not emoji: they read the same on every device and to screen readers.
const REACTIONS: { reaction: Reaction; label: string }[] = [
  { reaction: 'LIKE', label: 'Like' },
  { reaction: 'HELPFUL', label: 'Helpful' },
  { reaction: 'INSIGHTFUL', label: 'Insightful' },
  { reaction: 'CELEBRATE', label: 'Celebrate' },
  { reaction: 'CONFUSED', label: 'Confused' },
];

type ThreadData = NonNullable<ThreadQueryResult['thread']>;
type ReplyData = ThreadData['replies']['edges'][number]['node'];
type DeepReplyData = ReplyData['replies']['edges'][number]['node'];

function Reactions({ kind, id, what, counts, mine }: { kind: PostKind; id: string; what: string; counts: { reaction: Reaction; count: number }[]; mine: Reaction[] }) {
  const [state, react] = useMutation(ReactMutation);
  return (
    <Row gap={1}>
      {REACTIONS.map(({ reaction, label }) => {
        const count = counts.find((c) => c.reaction === reaction)?.count ?? 0;
        const on = mine.includes(reaction);
        return (
          <Button key={reaction} variant={on ? 'primary' : 'ghost'} aria-pressed={on} aria-label={`${label} ${what} (${count})`} disabled={state.fetching}
            onClick={() => void react({ kind, id, reaction })}>
            {label}{count > 0 ? ` ${count}` : ''}
          </Button>
        );
      })}
      <ErrorAlert error={state.error} />
    </Row>
  );
}

function ReplyForm({ threadId, parentId, label, onDone }: { threadId: string; parentId?: string; label: string; onDone?(): void }) {
  // The thread's own form says Reply; one under a reply says Send reply (both may be open).
  const submitLabel = parentId ? 'Send reply' : 'Reply';
  const [state, reply] = useMutation(ReplyMutation);
  const [body, setBody] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await reply({ threadId, body: body.trim(), parentId: parentId ?? null });
    if (res.data) {
      setBody('');
      onDone?.();
    }
  };
  return (
    <Stack as="form" gap={2} onSubmit={submit}>
      <MarkdownEditor label={label} value={body} onChange={setBody} maxLength={THREAD_LIMITS.replyBody} />
      <ErrorAlert error={state.error} />
      <div><Button type="submit" busy={state.fetching} disabled={!body.trim()}>{submitLabel}</Button></div>
    </Stack>
  );
}

type ShownPost = ModeratedPost & { bodyHtml: string; createdAt: string; author: { id: string; displayName: string } };

function Post({ post }: { post: ShownPost }) {
  return (
    <>
      {/* The server stored this HTML sanitised (renderMarkdown): safe to insert. */}
      <div className="lesson-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      <span className="muted">{post.author.displayName} · {new Date(post.createdAt).toLocaleString()}<PostMarks post={post} /></span>
    </>
  );
}

/** What a thread's replies need to moderate and update them: staff-ness, live changes, a reload after a deletion. */
interface ReplyContext { staff: boolean; changes: PostChanges; reload(): void }

function Reply({ threadId, reply, locked, moderation }: { threadId: string; reply: ReplyData; locked: boolean; moderation: ReplyContext }) {
  const [answering, setAnswering] = useState(false);
  const children = applyChanges(reply.replies.edges.map((e: { node: DeepReplyData }) => e.node), moderation.changes);
  return (
    <li className="qa-item" aria-label={`Reply by ${reply.author.displayName}`}>
      <Stack gap={2}>
        <Post post={reply} />
        <Row gap={2}>
          <Reactions kind="THREAD_REPLY" id={reply.id} what={`reply by ${reply.author.displayName}`} counts={reply.reactions} mine={reply.viewerReactions} />
          {!locked && <Button variant="secondary" aria-expanded={answering} onClick={() => setAnswering((a) => !a)}>{answering ? 'Cancel' : 'Reply to this'}</Button>}
        </Row>
        <PostActions kind="THREAD_REPLY" post={reply} what={`reply by ${reply.author.displayName}`} staff={moderation.staff} onDeleted={moderation.reload} />
        {answering && !locked && <ReplyForm threadId={threadId} parentId={reply.id} label={`Your reply to ${reply.author.displayName}`} onDone={() => setAnswering(false)} />}
        {children.length > 0 && (
          <ol className="list" aria-label={`Replies to ${reply.author.displayName}`} style={{ borderLeft: '2px solid var(--color-secondary)', paddingLeft: 'var(--space-3)' }}>
            {children.map((node) => (
              <li key={node.id} className="qa-item" aria-label={`Reply by ${node.author.displayName}`}>
                <Stack gap={2}>
                  <Post post={node} />
                  <Reactions kind="THREAD_REPLY" id={node.id} what={`reply by ${node.author.displayName}`} counts={node.reactions} mine={node.viewerReactions} />
                  <PostActions kind="THREAD_REPLY" post={node} what={`reply by ${node.author.displayName}`} staff={moderation.staff} onDeleted={moderation.reload} />
                </Stack>
              </li>
            ))}
          </ol>
        )}
      </Stack>
    </li>
  );
}

export function ThreadScreen({ courseId, threadId }: { courseId: string; threadId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ThreadQuery, variables: { id: threadId }, requestPolicy: 'cache-and-network' });
  const again = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useCatchUpOnReconnect(again);
  // A reply by anyone shows without a reload: the event names it, the thread is read again.
  const [live] = useSubscription({ query: ThreadReplyAddedSubscription, variables: { threadId } }, (_prev: number | undefined, _event) => {
    again();
    return (_prev ?? 0) + 1;
  });
  // Edits, hides and deletions of the thread and its replies: applied at once, as the viewer may now see each.
  const threadChanges = usePostChanges(courseId, 'THREAD');
  const replyChanges = usePostChanges(courseId, 'THREAD_REPLY');
  const liveState = useLiveState();
  const [pinState, pin] = useMutation(PinMutation);
  const [lockState, lock] = useMutation(LockMutation);
  const [followState, follow] = useMutation(FollowMutation);
  const [unfollowState, unfollow] = useMutation(UnfollowMutation);
  const [bookmarkState, bookmark] = useMutation(BookmarkMutation);
  const [unbookmarkState, unbookmark] = useMutation(UnbookmarkMutation);
  const loaded = data?.thread;
  const changed = loaded && threadChanges.has(loaded.id) ? threadChanges.get(loaded.id) : undefined;
  const thread = loaded && changed !== null ? { ...loaded, ...(changed ?? {}) } as typeof loaded : null;
  const back = <Link to={`/courses/${encodeURIComponent(courseId)}/discussions`}>← Discussions</Link>;
  if (!data && fetching) return <Stack gap={3}>{back}<Loading label="Loading the thread…" /></Stack>;
  if (!thread) return <Stack gap={3}>{back}<ErrorAlert error={error} />{!error && <Empty>This thread does not exist (or is no longer shown).</Empty>}</Stack>;
  const staff = thread.course.viewerIsStaff;
  return (
    <Stack gap={4}>
      {back}
      <Card as="article" aria-labelledby="thread-title">
        <Stack gap={3}>
          <div className="section-head">
            <h1 id="thread-title" style={{ overflowWrap: 'anywhere' }}>{thread.title}</h1>
            <LiveIndicator state={liveState} />
          </div>
          <Row gap={2}>
            {thread.pinned && <Badge label="Pinned">Pinned</Badge>}
            {thread.locked && <Badge label="Locked">Locked</Badge>}
          </Row>
          <Post post={thread} />
          <PostActions kind="THREAD" post={thread} what="the thread" staff={staff}
            onDeleted={() => navigate(`/courses/${encodeURIComponent(courseId)}/discussions`)} />
          <Reactions kind="THREAD" id={thread.id} what="the thread" counts={thread.reactions} mine={thread.viewerReactions} />
          <Row gap={2}>
            {thread.viewerFollows
              ? <Button variant="secondary" busy={unfollowState.fetching} onClick={() => void unfollow({ threadId })}>Unfollow</Button>
              : <Button variant="secondary" busy={followState.fetching} onClick={() => void follow({ threadId })}>Follow</Button>}
            {thread.viewerBookmarked
              ? <Button variant="secondary" busy={unbookmarkState.fetching} onClick={() => void unbookmark({ kind: 'THREAD', id: threadId }).then(again)}>Remove bookmark</Button>
              : <Button variant="secondary" busy={bookmarkState.fetching} onClick={() => void bookmark({ kind: 'THREAD', id: threadId }).then(again)}>Bookmark</Button>}
            {staff && <Button variant="ghost" busy={pinState.fetching} onClick={() => void pin({ threadId, pinned: !thread.pinned })}>{thread.pinned ? 'Unpin' : 'Pin'}</Button>}
            {staff && <Button variant="ghost" busy={lockState.fetching} onClick={() => void lock({ threadId, locked: !thread.locked })}>{thread.locked ? 'Unlock' : 'Lock'}</Button>}
          </Row>
          <ErrorAlert error={error ?? live.error ?? pinState.error ?? lockState.error ?? followState.error ?? unfollowState.error ?? bookmarkState.error ?? unbookmarkState.error} />
        </Stack>
      </Card>
      <Card as="section" aria-labelledby="replies">
        <Stack gap={3}>
          <h2 id="replies">Replies ({thread.replyCount})</h2>
          {thread.replies.edges.length === 0 && <Empty>No replies yet.</Empty>}
          <ol className="list" aria-label="Replies" aria-live="polite">
            {applyChanges(thread.replies.edges.map((e) => e.node), replyChanges).map((node) => (
              <Reply key={node.id} threadId={threadId} reply={node} locked={thread.locked} moderation={{ staff, changes: replyChanges, reload: again }} />
            ))}
          </ol>
          {thread.locked
            ? <p className="muted" role="status">This thread is locked: it takes no more replies.</p>
            : <ReplyForm threadId={threadId} label="Your reply (Markdown)" />}
        </Stack>
      </Card>
    </Stack>
  );
}
