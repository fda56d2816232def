// Direct messages: the conversation list (latest first, unread counts), a conversation (live new
// messages, live edits and deletions, read receipts, typing; its author edits and deletes a
// message, the other participants report it to ADMIN), starting one with a classmate, blocking; and the header link
// with the number of conversations holding unread messages.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import type { DirectConversationQuery } from '../../gql/graphql.ts';
import { Link, navigate, useLocation } from '../../lib/router.tsx';
import { useCatchUpOnReconnect, useLiveState, useSession } from '../../lib/session.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, LiveIndicator, Loading, Row, Stack, TextField } from '../../ui/index.tsx';
import { PostActions, PostMarks } from '../moderation/PostActions.tsx';
import { applyChanges, useDirectMessageChanges } from '../moderation/live.ts';
import {
  AnyDirectMessageSubscription, BlockMutation, BlockedQuery, ConversationQuery, ConversationReadSubscription, ConversationsQuery, MarkReadMutation,
  MessageAddedSubscription, SendMessageMutation, SetTypingMutation, TypingSubscription, UnblockMutation, UnreadConversationsQuery,
} from './queries.ts';

/** The header link: how many conversations hold unread messages, live. */
export function MessagesLink() {
  const [{ data }, refetch] = useQuery({ query: UnreadConversationsQuery, requestPolicy: 'cache-and-network' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  useSubscription({ query: AnyDirectMessageSubscription });
  const unread = data?.unreadConversationCount ?? 0;
  return (
    <Link to="/messages" aria-label={unread ? `Messages, ${unread} unread` : 'Messages'}>
      Messages{unread > 0 && <> <span className="count-badge" aria-hidden="true">{unread}</span></>}
    </Link>
  );
}

const names = (people: { user: { id: string; displayName: string } }[], me: string) =>
  people.filter((p) => p.user.id !== me).map((p) => p.user.displayName).join(', ') || 'Only you';

function ConversationList() {
  const { session } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConversationsQuery, variables: {}, requestPolicy: 'cache-and-network' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const me = session?.user.id ?? '';
  const items = data?.conversations?.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap={4}>
      <h1>Messages</h1>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && items.length === 0 && <Empty>No conversations yet. Start one from a course: “Message” next to a classmate.</Empty>}
      <ul className="list" aria-label="Conversations">
        {items.map((c) => (
          <Card as="li" key={c.id}>
            <Link to={`/messages/${c.id}`} className="conversation-row">
              <Row gap={2} style={{ justifyContent: 'space-between', alignItems: 'baseline' }}>
                <strong>{names(c.participants, me)}</strong>
                {c.unreadCount > 0 && <span className="count-badge" aria-label={`${c.unreadCount} unread`}>{c.unreadCount}</span>}
              </Row>
              <span className="muted conversation-row__last">
                {c.lastMessage ? `${c.lastMessage.author.id === me ? 'You' : c.lastMessage.author.displayName}: ${c.lastMessage.body}` : ''}
              </span>
            </Link>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}

interface Typing { user: { id: string; displayName: string }; seenAt: number }

type Message = NonNullable<DirectConversationQuery['directConversation']>['messages']['edges'][number]['node'];

function mergeById<T extends { id: string }>(...lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) seen.set(item.id, item);
  return [...seen.values()];
}

/** How long a typing signal shows; the typer sends one every TYPING_EVERY_MS while typing. */
const TYPING_SHOWN_MS = 4_000;
const TYPING_EVERY_MS = 2_000;

function Conversation({ id }: { id: string }) {
  const { session } = useSession();
  const me = session?.user.id ?? '';
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConversationQuery, variables: { id }, requestPolicy: 'network-only' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const [live] = useSubscription({ query: MessageAddedSubscription, variables: { id } }, (prev: Message[] = [], e) => [...prev, e.directMessageAdded]);
  useSubscription({ query: ConversationReadSubscription, variables: { id } });
  const [typing] = useSubscription(
    { query: TypingSubscription, variables: { id } },
    (_prev: Typing | undefined, e): Typing => ({ user: e.conversationTyping.user, seenAt: Date.now() }),
  );
  const liveState = useLiveState();
  const [, markRead] = useMutation(MarkReadMutation);
  const [, setTyping] = useMutation(SetTypingMutation);
  const [sendState, send] = useMutation(SendMessageMutation);
  const [{ data: blocked }, refetchBlocked] = useQuery({ query: BlockedQuery, requestPolicy: 'cache-and-network' });
  const [blockState, block] = useMutation(BlockMutation);
  const [unblockState, unblock] = useMutation(UnblockMutation);
  const [sent, setSent] = useState<Message[]>([]);
  const [body, setBody] = useState('');
  const lastTyping = useRef(0);
  const [now, setNow] = useState(Date.now());
  const conversation = data?.directConversation;
  const changes = useDirectMessageChanges(id);
  const messages = applyChanges(mergeById<Message>(conversation?.messages.edges.map((e) => e.node) ?? [], live.data ?? [], sent), changes)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const others = conversation?.participants.filter((p) => p.user.id !== me) ?? [];

  // What arrives while the conversation is open is read: the others see the receipt live.
  const newest = messages.at(-1);
  const unreadFromOthers = Boolean(conversation) && newest !== undefined && newest.author.id !== me ? newest.id : null;
  useEffect(() => {
    if (unreadFromOthers) void markRead({ id });
  }, [unreadFromOthers, id, markRead]);

  // Typing shows for a few seconds after its last signal.
  useEffect(() => {
    if (!typing.data) return;
    const timer = setTimeout(() => setNow(Date.now()), TYPING_SHOWN_MS);
    setNow(Date.now());
    return () => clearTimeout(timer);
  }, [typing.data]);
  const typist = typing.data && now - typing.data.seenAt < TYPING_SHOWN_MS && newest?.author.id !== typing.data.user.id ? typing.data.user.displayName : null;

  // Read receipts under the viewer's last message: who has read up to it.
  const mine = [...messages].reverse().find((m) => m.author.id === me);
  const seenBy = useMemo(
    () => (mine ? others.filter((p) => p.lastReadAt && p.lastReadAt >= mine.createdAt).map((p) => p.user.displayName) : []),
    [mine, others],
  );

  const onType = (value: string) => {
    setBody(value);
    if (value.trim() && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      void setTyping({ id });
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBody('');
    lastTyping.current = 0;
    const res = await send({ input: { conversationId: id, body: text } });
    if (res.data) setSent((s) => [...s, res.data!.sendDirectMessage]);
    else setBody(text);
  };
  const onlyOther = others.length === 1 ? others[0]!.user : null;
  const iBlocked = onlyOther ? (blocked?.blockedUsers ?? []).some((u) => u.id === onlyOther.id) : false;
  const toggleBlock = async () => {
    if (!onlyOther) return;
    if (iBlocked) await unblock({ id: onlyOther.id });
    else await block({ id: onlyOther.id });
    refetchBlocked({ requestPolicy: 'network-only' });
    refetch({ requestPolicy: 'network-only' });
  };

  if (!data && fetching) return <Loading label="Loading the conversation…" />;
  if (error) return <ErrorAlert error={error} />;
  if (!conversation) return <Empty>This conversation does not exist. <Link to="/messages">All messages</Link></Empty>;
  return (
    <Stack gap={4}>
      <div><Link to="/messages">← All messages</Link></div>
      <div className="section-head">
        <h1 className="conversation-title">{others.map((p) => p.user.displayName).join(', ')}</h1>
        <LiveIndicator state={liveState} />
      </div>
      {onlyOther && (
        <div>
          <Button variant="secondary" busy={blockState.fetching || unblockState.fetching} onClick={() => void toggleBlock()}>
            {iBlocked ? `Unblock ${onlyOther.displayName}` : `Block ${onlyOther.displayName}`}
          </Button>
        </div>
      )}
      <ErrorAlert error={live.error ?? sendState.error ?? blockState.error ?? unblockState.error} />
      <Card as="section" aria-label="Messages">
        <ol className="list dm-log" aria-label="Direct messages" aria-live="polite">
          {messages.length === 0 && <li className="muted">No messages yet.</li>}
          {messages.map((m) => (
            <li key={m.id} className={m.author.id === me ? 'dm dm--mine' : 'dm'}>
              <span className="dm__meta"><strong>{m.author.id === me ? 'You' : m.author.displayName}</strong> <span className="muted">{new Date(m.createdAt).toLocaleTimeString()}<PostMarks post={m} /></span></span>
              <span className="dm__body">{m.body}</span>
              <PostActions kind="DIRECT_MESSAGE" post={m} what={`message by ${m.author.id === me ? 'you' : m.author.displayName}`}
                staff={Boolean(session?.user.roles.includes('ADMIN'))} />
              {m.id === mine?.id && seenBy.length > 0 && <span className="muted dm__seen" role="status">Seen by {seenBy.join(', ')}</span>}
            </li>
          ))}
        </ol>
        <p className="muted typing" role="status" aria-live="polite">{typist ? `${typist} is typing…` : '\u00a0'}</p>
      </Card>
      {conversation.canSend ? (
        <Stack as="form" gap={2} onSubmit={submit}>
          <TextField label="Message" value={body} onChange={(e) => onType(e.target.value)} maxLength={4000} autoComplete="off" />
          <div><Button type="submit" disabled={!body.trim()} busy={sendState.fetching}>Send</Button></div>
        </Stack>
      ) : (
        <Alert>No new messages can be sent here: one of you has blocked the other.</Alert>
      )}
    </Stack>
  );
}

/** Starts (or finds) the conversation with one classmate: `/messages/new?to=<id>&name=<display name>`. */
function NewConversation() {
  const { search } = useLocation();
  const to = search.get('to') ?? '';
  const name = search.get('name') ?? 'your classmate';
  const [state, send] = useMutation(SendMessageMutation);
  const [body, setBody] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await send({ input: { recipientIds: [to], body: body.trim() } });
    const conversation = res.data?.sendDirectMessage.conversation.id;
    if (conversation) navigate(`/messages/${conversation}`);
  };
  return (
    <Stack gap={4}>
      <div><Link to="/messages">← All messages</Link></div>
      <h1>Message {name}</h1>
      <ErrorAlert error={state.error} />
      <Stack as="form" gap={2} onSubmit={submit}>
        <TextField label="Message" value={body} onChange={(e) => setBody(e.target.value)} maxLength={4000} autoComplete="off" />
        <div><Button type="submit" disabled={!body.trim() || !to} busy={state.fetching}>Send</Button></div>
      </Stack>
    </Stack>
  );
}

export function MessagesScreen({ path }: { path: string }) {
  const { session } = useSession();
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to read your messages.</Empty>;
  if (path === '/messages/new') return <NewConversation />;
  const id = /^\/messages\/([^/]+)$/.exec(path)?.[1];
  if (id) return <Conversation key={id} id={decodeURIComponent(id)} />;
  return <ConversationList />;
}
