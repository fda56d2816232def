import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, formatPrice, Loading, Row, SelectField, Stack } from '../ui/index.tsx';

const CartQuery = graphql(`
  query Cart { cart { subtotalCents currency items { id priceCents course { id title } } } }
`);
const RemoveMutation = graphql(`
  mutation RemoveFromCart($itemId: ID!) { removeFromCart(itemId: $itemId) { subtotalCents currency items { id priceCents course { id title } } } }
`);
const CheckoutMutation = graphql(`
  mutation Checkout($key: String!, $token: String!) { checkout(idempotencyKey: $key, paymentToken: $token) { id status totalCents currency failureReason items { priceCents course { id title } } } }
`);

function newKey(): string {
  return `web-${crypto.randomUUID()}`;
}

export function CartScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CartQuery, pause: !session, requestPolicy: 'cache-and-network' });
  const [removeState, remove] = useMutation(RemoveMutation);
  const [checkoutState, checkout] = useMutation(CheckoutMutation);
  const [token, setToken] = useState('tok_ok');
  // One key per purchase attempt: a retry of the same attempt can never pay twice.
  const [key, setKey] = useState(newKey);
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your cart.</Empty>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await checkout({ key, token });
    if (res.data?.checkout.status !== 'PENDING') setKey(newKey());
    refetch({ requestPolicy: 'network-only' });
  };
  const order = checkoutState.data?.checkout;
  const items = data?.cart.items ?? [];

  return (
    <Stack gap={6}>
      <h1>Cart</h1>
      <ErrorAlert error={error ?? removeState.error} />
      {order?.status === 'PAID' && <Alert tone="success">Paid {formatPrice(order.totalCents, order.currency)}. Your courses are in <Link to="/learning">My learning</Link>.</Alert>}
      {order?.status === 'FAILED' && <Alert tone="error">The payment was declined{order.failureReason ? `: ${order.failureReason}` : ''}. Nothing was charged.</Alert>}
      {!data && fetching && <Loading />}
      {data && items.length === 0 && <Empty>Your cart is empty. <Link to="/">Find a course</Link>.</Empty>}
      {items.length > 0 && data && (
        <Card as="section" aria-labelledby="items">
          <Stack gap={4}>
            <h2 id="items">{items.length} course{items.length === 1 ? '' : 's'}</h2>
            <ul className="list">
              {items.map((i) => (
                <li className="lesson" key={i.id}>
                  <Link to={`/courses/${i.course.id}`}>{i.course.title}</Link>
                  <Row gap={3}>
                    <span>{formatPrice(i.priceCents, data.cart.currency)}</span>
                    <Button variant="ghost" aria-label={`Remove ${i.course.title}`} onClick={() => void remove({ itemId: i.id })}>Remove</Button>
                  </Row>
                </li>
              ))}
            </ul>
            <p className="price">Total {formatPrice(data.cart.subtotalCents, data.cart.currency)}</p>
            <Stack as="form" gap={3} onSubmit={submit}>
              <SelectField label="Test card" value={token} onChange={(e) => setToken(e.target.value)}
                options={[{ value: 'tok_ok', label: 'Test card that pays (tok_ok)' }, { value: 'tok_declined', label: 'Test card that is declined (tok_declined)' }]} />
              <ErrorAlert error={checkoutState.error} />
              <div><Button type="submit" busy={checkoutState.fetching}>Pay {formatPrice(data.cart.subtotalCents, data.cart.currency)}</Button></div>
            </Stack>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
