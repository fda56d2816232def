// What a visitor who may not read a lesson can do about it: sign in, enrol for free, or buy.
import { useMutation } from 'urql';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Alert, Button, Card, ErrorAlert, formatPrice, Stack } from '../ui/index.tsx';
import { AddToCartFromLessonMutation, EnrolFromLessonMutation } from './queries.ts';

export function JoinCourse({ course, lessonTitle, onJoined }: {
  course: { id: string; title: string; priceCents: number; currency: string };
  lessonTitle: string;
  onJoined(): void;
}) {
  const { session } = useSession();
  const [enrolState, enrol] = useMutation(EnrolFromLessonMutation);
  const [cartState, addToCart] = useMutation(AddToCartFromLessonMutation);
  const free = course.priceCents === 0;
  return (
    <Card as="section" aria-labelledby="join">
      <Stack gap={3}>
        <h2 id="join">This lesson is for the course’s students</h2>
        <p>“{lessonTitle}” opens once you {free ? 'enrol in' : 'buy'} <strong>{course.title}</strong>{free ? ' — it is free.' : ` (${formatPrice(course.priceCents, course.currency)}).`} Preview lessons are open to everyone.</p>
        <ErrorAlert error={enrolState.error ?? cartState.error} />
        {!session ? (
          <p><Link to="/signin">Sign in</Link> or <Link to="/signup">sign up</Link> to {free ? 'enrol' : 'buy it'}.</p>
        ) : free ? (
          <div><Button busy={enrolState.fetching} onClick={() => void enrol({ courseId: course.id }).then((r) => { if (r.data) onJoined(); })}>Enrol for free</Button></div>
        ) : cartState.data ? (
          <Alert tone="success">Added to your cart. <Link to="/cart">Go to the cart</Link></Alert>
        ) : (
          <div><Button busy={cartState.fetching} onClick={() => void addToCart({ courseId: course.id })}>Buy for {formatPrice(course.priceCents, course.currency)}</Button></div>
        )}
      </Stack>
    </Card>
  );
}
