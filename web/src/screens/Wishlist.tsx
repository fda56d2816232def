// The wishlist: a toggle on the course page and a screen listing the wished-for courses.
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { WishlistQuery } from '../lib/questions.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Button, Card, Empty, ErrorAlert, formatPrice, Loading, Stack } from '../ui/index.tsx';

const AddMutation = graphql(`
  mutation AddToWishlist($courseId: ID!) { addToWishlist(courseId: $courseId) }
`);
const RemoveMutation = graphql(`
  mutation RemoveFromWishlist($courseId: ID!) { removeFromWishlist(courseId: $courseId) }
`);

/** Adds the course to the wishlist or takes it off; the cache marks the course and refetches the list. */
export function WishlistButton({ courseId, wishlisted }: { courseId: string; wishlisted: boolean }) {
  const [addState, add] = useMutation(AddMutation);
  const [removeState, remove] = useMutation(RemoveMutation);
  return (
    <Stack gap={2}>
      <ErrorAlert error={addState.error ?? removeState.error} />
      <div>
        {wishlisted
          ? <Button variant="ghost" aria-pressed busy={removeState.fetching} onClick={() => void remove({ courseId })}>♥ On your wishlist</Button>
          : <Button variant="ghost" aria-pressed={false} busy={addState.fetching} onClick={() => void add({ courseId })}>♡ Add to wishlist</Button>}
      </div>
    </Stack>
  );
}

export function WishlistScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: WishlistQuery, pause: !session, requestPolicy: 'cache-and-network' });
  const [removeState, remove] = useMutation(RemoveMutation);
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your wishlist.</Empty>;
  const courses = data?.myWishlist ?? [];
  return (
    <Stack gap={6}>
      <h1>Wishlist</h1>
      <ErrorAlert error={error ?? removeState.error} />
      {!data && fetching && <Loading />}
      {data && courses.length === 0 && <Empty>Your wishlist is empty. <Link to="/">Browse the catalog</Link>.</Empty>}
      <ul className="grid list" aria-label="Wishlist">
        {courses.map((c) => (
          <Card as="li" key={c.id}>
            <Stack gap={2}>
              <h2><Link to={`/courses/${c.id}`}>{c.title}</Link></h2>
              <p className="muted">by {c.instructor.displayName} · {formatPrice(c.priceCents, c.currency)}</p>
              <p>{c.summary}</p>
              <div><Button variant="ghost" aria-label={`Remove “${c.title}” from the wishlist`} onClick={() => void remove({ courseId: c.id })}>Remove</Button></div>
            </Stack>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}
