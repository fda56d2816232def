// Who of a course's members is online: the presence query once, then presenceChanged live.
import { useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Link } from '../../lib/router.tsx';

export const PresenceQuery = graphql(`
  query CoursePresence($courseId: ID!) { presence(scope: { courseId: $courseId }) { onlineCount online { id displayName } } }
`);
const PresenceChangedSubscription = graphql(`
  subscription PresenceChanged($courseId: ID!) { presenceChanged(scope: { courseId: $courseId }) { online at user { id displayName } } }
`);

export interface OnlineMember { id: string; displayName: string }

/** The members online now, by id; kept live (a change after the query's answer wins). */
export function useCoursePresence(courseId: string): Map<string, OnlineMember> {
  const [{ data }] = useQuery({ query: PresenceQuery, variables: { courseId }, requestPolicy: 'network-only' });
  const [live] = useSubscription(
    { query: PresenceChangedSubscription, variables: { courseId } },
    (prev: { online: boolean; user: OnlineMember }[] = [], event) => [...prev, event.presenceChanged],
  );
  return useMemo(() => {
    const online = new Map<string, OnlineMember>((data?.presence?.online ?? []).map((u) => [u.id, u]));
    for (const change of live.data ?? []) {
      if (change.online) online.set(change.user.id, change.user);
      else online.delete(change.user.id);
    }
    return online;
  }, [data, live.data]);
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

/** The course's members online now, each with a dot and a "Message" action (not for the viewer). */
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
