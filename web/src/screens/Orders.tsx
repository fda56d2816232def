// The viewer's orders, newest first, with their courses, totals and status.
import { useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Badge, Card, Empty, ErrorAlert, formatPrice, Loading, Row, Stack } from '../ui/index.tsx';

const OrdersQuery = graphql(`
  query MyOrders {
    myOrders(first: 50) { totalCount edges { node { id status totalCents currency createdAt paidAt failureReason items { priceCents course { id title } } } } }
  }
`);

export function OrdersScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: OrdersQuery, pause: !session, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your orders.</Empty>;
  const orders = data?.myOrders.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap={6}>
      <h1>Orders</h1>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && orders.length === 0 && <Empty>No orders yet. <Link to="/">Browse the catalog</Link>.</Empty>}
      <ul className="list" aria-label="Orders">
        {orders.map((o) => (
          <Card as="li" key={o.id} aria-label={`Order of ${new Date(o.createdAt).toLocaleDateString()}`}>
            <Stack gap={2}>
              <Row gap={2}>
                <Badge>{o.status.toLowerCase()}</Badge>
                <strong>{formatPrice(o.totalCents, o.currency)}</strong>
                <span className="muted">{new Date(o.paidAt ?? o.createdAt).toLocaleString()}</span>
              </Row>
              {o.failureReason && <p className="muted">Declined: {o.failureReason}</p>}
              <ul className="list">
                {o.items.map((i) => (
                  <li key={i.course.id} className="lesson"><Link to={`/courses/${i.course.id}`}>{i.course.title}</Link><span>{formatPrice(i.priceCents, o.currency)}</span></li>
                ))}
              </ul>
            </Stack>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}
