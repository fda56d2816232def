// Notifications: a badge in the header with the unread count, kept live by the notificationAdded
// subscription (the cache refetches the viewer's notifications on each one), and a screen to read them.
import { useCallback } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql/index.ts';
import { Link } from '../lib/router.tsx';
import { useCatchUpOnReconnect, useSession } from '../lib/session.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';

const UnreadQuery = graphql(`
  query UnreadNotifications { myNotifications(first: 1, unreadOnly: true) { totalCount } }
`);
const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded { notificationAdded { id kind message read createdAt } }
`);
const NotificationsQuery = graphql(`
  query MyNotifications { myNotifications(first: 50) { totalCount edges { node { id kind message read createdAt } } } }
`);
const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }
`);

/** The header link with the unread count; rendered only when signed in. */
export function NotificationsLink() {
  const [{ data }, refetch] = useQuery({ query: UnreadQuery, requestPolicy: 'cache-and-network' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  useSubscription({ query: NotificationAddedSubscription });
  const unread = data?.myNotifications.totalCount ?? 0;
  return (
    <Link to="/notifications" aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}>
      Notifications{unread > 0 && <> <span className="count-badge" aria-hidden="true">{unread}</span></>}
    </Link>
  );
}

const KIND_LABEL: Record<string, string> = {
  ANSWER_ACCEPTED: 'Answer accepted',
  ANSWER_TO_MY_QUESTION: 'New answer',
  ENROLLMENT_CONFIRMED: 'Enrolment',
  LAB_BOOKING_CONFIRMED: 'Lab booking',
  ORDER_PAID: 'Order paid',
  ORDER_REFUNDED: 'Order refunded',
  GRADE_APPEAL_OPENED: 'Grade appeal',
  GRADE_APPEAL_ACCEPTED: 'Appeal accepted',
  GRADE_APPEAL_REJECTED: 'Appeal rejected',
};

export function NotificationsScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: NotificationsQuery, pause: !session, requestPolicy: 'cache-and-network' });
  const [markState, markRead] = useMutation(MarkReadMutation);
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your notifications.</Empty>;
  const items = data?.myNotifications.edges.map((e) => e.node) ?? [];
  const unread = items.filter((n) => !n.read).map((n) => n.id);
  return (
    <Stack gap={6}>
      <Row gap={3} style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Notifications</h1>
        {unread.length > 0 && <Button variant="secondary" busy={markState.fetching} onClick={() => void markRead({ ids: unread })}>Mark all read</Button>}
      </Row>
      <ErrorAlert error={error ?? markState.error} />
      {!data && fetching && <Loading />}
      {data && items.length === 0 && <Empty>No notifications yet.</Empty>}
      <ul className="list" aria-label="Notifications">
        {items.map((n) => (
          <Card as="li" key={n.id}>
            <Stack gap={1}>
              <Row gap={2}><Badge>{KIND_LABEL[n.kind] ?? n.kind}</Badge>{!n.read && <Badge label="Unread">New</Badge>}</Row>
              <span style={{ fontWeight: n.read ? 400 : 700 }}>{n.message}</span>
              <span className="muted">{new Date(n.createdAt).toLocaleString()}</span>
            </Stack>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}
