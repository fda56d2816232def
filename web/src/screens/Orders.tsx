// The viewer's orders, newest first, with their courses, totals and status; a recent paid order can
// be refunded from here (after a confirmation, since it takes the courses back).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { MyOrdersQuery } from '../gql/graphql.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, formatPrice, Loading, Row, Stack, TextField } from '../ui/index.tsx';

const OrdersQuery = graphql(`
  query MyOrders {
    myOrders(first: 50) {
      totalCount
      edges { node { id status totalCents currency createdAt paidAt failureReason refundedAt refundableUntil items { priceCents course { id title } } } }
    }
  }
`);

const RefundMutation = graphql(`
  mutation RefundOrder($id: ID!, $reason: String) { refundOrder(id: $id, reason: $reason) { id status refundedAt refundReason refundableUntil } }
`);

type OrderNode = MyOrdersQuery['myOrders']['edges'][number]['node'];

/** The buyer's own window, as the server states it: the button goes once it has passed. */
const refundable = (order: OrderNode) => order.status === 'PAID' && order.refundableUntil !== null && Date.parse(order.refundableUntil) > Date.now();

function RefundRequest({ order }: { order: OrderNode }) {
  const [{ fetching, error }, refund] = useMutation(RefundMutation);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  if (!refundable(order)) return null;
  if (!confirming) return <div><Button variant="secondary" onClick={() => setConfirming(true)}>Request a refund</Button></div>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await refund({ id: order.id, reason: reason.trim() || null });
    if (!res.error) setConfirming(false);
  };
  return (
    <Stack as="form" gap={3} onSubmit={submit} aria-label="Confirm the refund">
      <p>
        Refund {formatPrice(order.totalCents, order.currency)}? {order.items.length === 1 ? 'Its course leaves' : 'Its courses leave'} your
        learning; you can buy {order.items.length === 1 ? 'it' : 'them'} again later.
      </p>
      <TextField label="Reason (optional)" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      <ErrorAlert error={error} />
      <Row gap={3}>
        <Button type="submit" busy={fetching}>Confirm the refund</Button>
        <Button variant="ghost" disabled={fetching} onClick={() => setConfirming(false)}>Keep the order</Button>
      </Row>
    </Stack>
  );
}

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
              {o.refundedAt && <Alert tone="success">Refunded on {new Date(o.refundedAt).toLocaleString()}.</Alert>}
              <ul className="list">
                {o.items.map((i) => (
                  <li key={i.course.id} className="lesson"><Link to={`/courses/${i.course.id}`}>{i.course.title}</Link><span>{formatPrice(i.priceCents, o.currency)}</span></li>
                ))}
              </ul>
              <RefundRequest order={o} />
            </Stack>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}
