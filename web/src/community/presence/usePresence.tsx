// Who of a course's or a study group's members is online: the presence query once, then presenceChanged live.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useSubscription } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { PresenceScope } from '../../gql/graphql.ts';
import { Link } from '../../lib/router.tsx';

export const PresenceQuery = graphql(`
  query ScopePresence($scope: PresenceScope!) { presence(scope: $scope) { onlineCount online { id displayName } } }
`);
const PresenceChangedSubscription = graphql(`
  subscription PresenceChanged($scope: PresenceScope!) { presenceChanged(scope: $scope) { online at user { id displayName } } }
`);

export interface OnlineMember { id: string; displayName: string }

/**
 * The scope's members online now, by id: a snapshot, then the live changes heard since it was
 * asked. `members` changing (someone joined while online: no change announces them) asks again.
 */
function usePresence(scope: PresenceScope, members = ''): Map<string, OnlineMember> {
  const client = useClient();
  const [live] = useSubscription(
    { query: PresenceChangedSubscription, variables: { scope } },
    (prev: { online: boolean; user: OnlineMember }[] = [], event) => [...prev, event.presenceChanged],
  );
  const heard = useRef(0);
  heard.current = live.data?.length ?? 0;
  const [snapshot, setSnapshot] = useState<{ online: OnlineMember[]; after: number } | null>(null);
  useEffect(() => {
    let current = true;
    const after = heard.current;
    void client.query(PresenceQuery, { scope }, { requestPolicy: 'network-only' }).toPromise().then((result) => {
      if (current && result.data?.presence) setSnapshot({ online: result.data.presence.online, after });
    });
    return () => {
      current = false;
    };
  }, [client, scope, members]);
  return useMemo(() => {
    const online = new Map<string, OnlineMember>((snapshot?.online ?? []).map((u) => [u.id, u]));
    for (const change of (live.data ?? []).slice(snapshot?.after ?? 0)) {
      if (change.online) online.set(change.user.id, change.user);
      else online.delete(change.user.id);
    }
    return online;
  }, [snapshot, live.data]);
}

export function useCoursePresence(courseId: string): Map<string, OnlineMember> {
  return usePresence(useMemo(() => ({ courseId }), [courseId]));
}

/** `members`: the group's member ids as last read, in one string. */
export function useGroupPresence(groupId: string, members: string): Map<string, OnlineMember> {
  return usePresence(useMemo(() => ({ groupId }), [groupId]), members);
}

/** A green dot for online, nothing otherwise (with words for screen readers). */
export function OnlineDot({ online }: { online: boolean }) {
  if (!online) return null;
  return <span className="online-dot" role="img" aria-label="online" title="Online" />;
}

/** "Message" next to a member: starts (or opens) a direct conversation with them. */
export function MessageAction({ user }: { user: OnlineMember }) {
  return <Link to={`/messages/new?to=${encodeURIComponent(user.id)}&name=${encodeURIComponent(user.displayName)}`} aria-label={`Message ${user.displayName}`}>Message</Link>;
}

/** The scope's members online now, each with a dot and a "Message" action (not for the viewer). */
export function OnlineMembers({ online, me }: { online: Map<string, OnlineMember>; me: string }) {
  const people = [...online.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <div aria-label="Online now" role="group">
      <strong>Online now ({people.length})</strong>
      <ul className="online-list">
        {people.map((u) => (
          <li key={u.id}>
            <OnlineDot online /> {u.displayName}{u.id !== me && <> · <MessageAction user={u} /></>}
          </li>
        ))}
      </ul>
    </div>
  );
}
