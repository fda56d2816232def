// One study group: join or ask to join (an invite link's token comes in `?invite=`), its live chat,
// its members (the owner removes, approves and declines), an invite link, and its events.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { StudyGroupChatQuery } from '../../gql/graphql.ts';
import { Link, navigate, useLocation } from '../../lib/router.tsx';
import { useCatchUpOnReconnect, useLiveState, useSession } from '../../lib/session.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, LiveIndicator, Loading, Row, Stack, TextField } from '../../ui/index.tsx';
import { GroupEvents } from '../calendar/Events.tsx';
import { PostActions, PostMarks } from '../moderation/PostActions.tsx';
import { OnlineDot, OnlineMembers, useGroupPresence } from '../presence/usePresence.tsx';

const GroupQuery = graphql(`
  query StudyGroupPage($id: ID!) {
    studyGroup(id: $id) { id name description visibility capacity memberCount viewerStatus owner { id displayName } courses { id title } }
  }
`);
const MembersQuery = graphql(`
  query StudyGroupMembers($id: ID!, $owner: Boolean!) {
    studyGroup(id: $id) {
      id
      members(first: 100) { totalCount edges { node { role joinedAt user { id displayName } } } }
      joinRequests(first: 50) @include(if: $owner) { totalCount edges { node { requestedAt user { id displayName } } } }
    }
  }
`);
const ChatQuery = graphql(`
  query StudyGroupChat($id: ID!) { studyGroup(id: $id) { id messages(last: 50) { edges { node { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } } } } }
`);
const ChatSubscription = graphql(`
  subscription GroupMessageReceived($groupId: ID!) { groupMessageReceived(groupId: $groupId) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
// Edits, hides and deletions, live: a message gone for the viewer leaves the chat, an edited one is replaced.
const ChangesSubscription = graphql(`
  subscription GroupMessageChanged($groupId: ID!) { groupMessageChanged(groupId: $groupId) { id postId groupMessage { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } } }
`);
const SendMutation = graphql(`
  mutation SendGroupMessage($groupId: ID!, $body: String!) { sendGroupMessage(groupId: $groupId, body: $body) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
const JoinMutation = graphql(`
  mutation JoinStudyGroup($groupId: ID!, $inviteToken: String) { joinStudyGroup(groupId: $groupId, inviteToken: $inviteToken) { id memberCount viewerStatus } }
`);
const LeaveMutation = graphql(`
  mutation LeaveStudyGroup($groupId: ID!) { leaveStudyGroup(groupId: $groupId) { id memberCount viewerStatus } }
`);
const InviteMutation = graphql(`
  mutation CreateGroupInvite($groupId: ID!) { createGroupInvite(groupId: $groupId) { token expiresAt } }
`);
const RemoveMutation = graphql(`
  mutation RemoveGroupMember($groupId: ID!, $userId: ID!) { removeGroupMember(groupId: $groupId, userId: $userId) { id memberCount } }
`);
const ApproveMutation = graphql(`
  mutation ApproveJoinRequest($groupId: ID!, $userId: ID!) { approveJoinRequest(groupId: $groupId, userId: $userId) { id memberCount } }
`);
const DeclineMutation = graphql(`
  mutation DeclineJoinRequest($groupId: ID!, $userId: ID!) { declineJoinRequest(groupId: $groupId, userId: $userId) { id memberCount } }
`);

type Message = NonNullable<NonNullable<StudyGroupChatQuery['studyGroup']>['messages']>['edges'][number]['node'];

function mergeById<T extends { id: string }>(...lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

/** `staff`: the viewer moderates the chat (the group's owner, ADMIN). */
function GroupChat({ groupId, onLive, staff }: { groupId: string; onLive: (count: number) => void; staff: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ChatQuery, variables: { id: groupId }, requestPolicy: 'network-only' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const [live] = useSubscription({ query: ChatSubscription, variables: { groupId } }, (prev: Message[] = [], event) => [...prev, event.groupMessageReceived]);
  const [changes] = useSubscription({ query: ChangesSubscription, variables: { groupId } }, (prev: Map<string, Message | null> = new Map(), event) =>
    new Map(prev).set(event.groupMessageChanged.postId, event.groupMessageChanged.groupMessage ?? null));
  const liveState = useLiveState();
  const [sent, setSent] = useState<Message[]>([]);
  const [sendState, send] = useMutation(SendMutation);
  const [body, setBody] = useState('');
  const heard = live.data?.length ?? 0;
  useEffect(() => onLive(heard), [heard, onLive]);
  const changed = changes.data ?? new Map<string, Message | null>();
  const messages = mergeById<Message>(data?.studyGroup?.messages?.edges.map((e) => e.node) ?? [], live.data ?? [], sent)
    .flatMap((m) => (changed.has(m.id) ? (changed.get(m.id) ? [changed.get(m.id)!] : []) : [m]))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBody('');
    const res = await send({ groupId, body: text });
    if (res.data) setSent((s) => [...s, res.data!.sendGroupMessage]);
    else setBody(text);
  };
  return (
    <Card as="section" aria-labelledby="group-chat">
      <Stack gap={3}>
        <div className="section-head"><h2 id="group-chat">Group chat</h2><LiveIndicator state={liveState} /></div>
        <ErrorAlert error={error ?? live.error ?? sendState.error} />
        {!data && fetching && <Loading label="Loading the chat…" />}
        {data && messages.length === 0 && <Empty>No messages yet: say hello.</Empty>}
        <ol className="list chat-log" aria-label="Group messages" aria-live="polite">
          {messages.map((m) => (
            <li key={m.id} className="qa-item"><strong>{m.author.displayName}</strong> <span className="muted">{new Date(m.createdAt).toLocaleTimeString()}<PostMarks post={m} /></span><br />{m.body}
              <PostActions kind="GROUP_MESSAGE" post={m} what={`message by ${m.author.displayName}`} staff={staff} /></li>
          ))}
        </ol>
        <Stack as="form" gap={2} onSubmit={submit}>
          <TextField label="Message to the group" value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} />
          <div><Button type="submit" disabled={!body.trim()} busy={sendState.fetching}>Send</Button></div>
        </Stack>
      </Stack>
    </Card>
  );
}

/**
 * `heard`: live messages so far; a message from someone new means the members changed, so they are
 * read again. Who of them is online is kept live beside them.
 */
function Members({ groupId, owner, ownerId, heard, me }: { groupId: string; owner: boolean; ownerId: string; heard: number; me: string }) {
  const [{ data, error }, refetch] = useQuery({ query: MembersQuery, variables: { id: groupId, owner }, requestPolicy: 'cache-and-network' });
  const again = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useCatchUpOnReconnect(again);
  useEffect(() => {
    if (heard > 0) again();
  }, [heard, again]);
  const [removeState, remove] = useMutation(RemoveMutation);
  const [approveState, approve] = useMutation(ApproveMutation);
  const [declineState, decline] = useMutation(DeclineMutation);
  const group = data?.studyGroup;
  const requests = group?.joinRequests?.edges.map((e) => e.node) ?? [];
  const online = useGroupPresence(groupId, group?.members?.edges.map((e) => e.node.user.id).join(',') ?? '');
  return (
    <Card as="section" aria-labelledby="group-members">
      <Stack gap={3}>
        <h2 id="group-members">Members{group?.members ? ` (${group.members.totalCount})` : ''}</h2>
        <ErrorAlert error={error ?? removeState.error ?? approveState.error ?? declineState.error} />
        <OnlineMembers online={online} me={me} />
        <ul className="list" aria-label="Members">
          {group?.members?.edges.map(({ node: m }) => (
            <li key={m.user.id} className="lesson">
              <span><OnlineDot online={online.has(m.user.id)} /> {m.user.displayName} {m.role === 'OWNER' && <Badge>Owner</Badge>}</span>
              {owner && m.user.id !== ownerId && (
                <Button variant="ghost" aria-label={`Remove ${m.user.displayName}`} onClick={() => void remove({ groupId, userId: m.user.id }).then(again)}>Remove</Button>
              )}
            </li>
          ))}
        </ul>
        {owner && requests.length > 0 && (
          <>
            <h3>Asking to join</h3>
            <ul className="list" aria-label="Join requests">
              {requests.map((r) => (
                <li key={r.user.id} className="lesson">
                  <span>{r.user.displayName}</span>
                  <Row gap={2}>
                    <Button onClick={() => void approve({ groupId, userId: r.user.id }).then(again)} aria-label={`Approve ${r.user.displayName}`}>Approve</Button>
                    <Button variant="ghost" onClick={() => void decline({ groupId, userId: r.user.id }).then(again)} aria-label={`Decline ${r.user.displayName}`}>Decline</Button>
                  </Row>
                </li>
              ))}
            </ul>
          </>
        )}
      </Stack>
    </Card>
  );
}

function InviteLink({ groupId }: { groupId: string }) {
  const [state, invite] = useMutation(InviteMutation);
  const link = state.data ? `${window.location.origin}/groups/${groupId}?invite=${encodeURIComponent(state.data.createGroupInvite.token)}` : null;
  return (
    <Stack gap={2}>
      <div><Button variant="secondary" busy={state.fetching} onClick={() => void invite({ groupId })}>Make an invite link</Button></div>
      <ErrorAlert error={state.error} />
      {link && (
        <TextField label="Invite link (valid 3 days)" readOnly value={link} onFocus={(e) => e.target.select()} data-testid="invite-link" />
      )}
    </Stack>
  );
}

export function GroupScreen({ id }: { id: string }) {
  const { session } = useSession();
  const { search } = useLocation();
  const inviteToken = search.get('invite');
  const [{ data, fetching, error }, refetch] = useQuery({ query: GroupQuery, variables: { id }, pause: !session, requestPolicy: 'cache-and-network' });
  const [joinState, join] = useMutation(JoinMutation);
  const [leaveState, leave] = useMutation(LeaveMutation);
  const [heard, setHeard] = useState(0);
  // A live message may come from someone who joined since: the member count is read again with the members.
  useEffect(() => {
    if (heard > 0) refetch({ requestPolicy: 'network-only' });
  }, [heard, refetch]);
  if (!session) return <p><Link to="/signin">Sign in</Link> to see this study group.</p>;
  const group = data?.studyGroup;
  if (!group) return fetching ? <Loading /> : <Stack gap={3}><ErrorAlert error={error} />{!error && <Empty>There is no such study group.</Empty>}</Stack>;
  const inside = group.viewerStatus === 'OWNER' || group.viewerStatus === 'MEMBER';
  const owner = group.viewerStatus === 'OWNER';
  const full = group.memberCount >= group.capacity;
  const joinLabel = group.visibility === 'PUBLIC' || inviteToken || group.viewerStatus === 'INVITED' ? 'Join the group' : 'Ask to join';
  const doJoin = async () => {
    const res = await join({ groupId: id, inviteToken });
    if (res.data) {
      if (inviteToken) navigate(`/groups/${id}`);
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <Stack gap={6}>
      <Stack gap={2}>
        <h1>{group.name}</h1>
        <span className="muted">{group.courses.map((c) => <Link key={c.id} to={`/courses/${c.id}`}>{c.title} </Link>)} · owner {group.owner.displayName}</span>
        {group.description && <p>{group.description}</p>}
        <span data-testid="member-count">{group.memberCount} / {group.capacity} members {group.visibility === 'INVITE_ONLY' && <Badge>Invite only</Badge>}</span>
        <ErrorAlert error={joinState.error ?? leaveState.error} />
        {!inside && group.viewerStatus !== 'REQUESTED' && (
          <div><Button busy={joinState.fetching} disabled={full} onClick={() => void doJoin()}>{full ? 'The group is full' : joinLabel}</Button></div>
        )}
        {group.viewerStatus === 'REQUESTED' && <Alert>Your request to join is waiting for the owner.</Alert>}
        {group.viewerStatus === 'MEMBER' && (
          <div><Button variant="ghost" busy={leaveState.fetching} onClick={() => void leave({ groupId: id }).then(() => refetch({ requestPolicy: 'network-only' }))}>Leave the group</Button></div>
        )}
        <div><Link to="/groups">← All study groups</Link></div>
      </Stack>
      {inside && (
        <div className="two-cols">
          <Stack gap={6}>
            <GroupChat groupId={id} onLive={setHeard} staff={owner || session.user.roles.includes('ADMIN')} />
            <GroupEvents groupId={id} canSchedule={owner} />
          </Stack>
          <Stack gap={6}>
            <Members groupId={id} owner={owner} ownerId={group.owner.id} heard={heard} me={session.user.id} />
            {(owner || group.visibility === 'PUBLIC') && <Card as="section" aria-label="Invite"><InviteLink groupId={id} /></Card>}
          </Stack>
        </div>
      )}
    </Stack>
  );
}
