import { useCallback, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql/index.ts';
import type { CourseChatQuery } from '../gql/graphql.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useCatchUpOnReconnect, useLiveState, useSession } from '../lib/session.tsx';
import { Exercises } from './Exercises.tsx';
import { QuestionsAndAnswers } from './QuestionsAndAnswers.tsx';
import { WishlistButton } from './Wishlist.tsx';
import { CoverImage } from '../lesson/CoverImage.tsx';
import { lessonPath } from '../lesson/order.ts';
import { Supplements } from '../lesson/Supplements.tsx';
import { PostActions, PostMarks } from '../community/moderation/PostActions.tsx';
import { applyChanges, usePostChanges } from '../community/moderation/live.ts';
import { CourseEvents } from '../community/calendar/Events.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, formatPrice, Loading, Progress, Row, Stack, TextField, LiveIndicator } from '../ui/index.tsx';
import { MessageAction, OnlineDot, OnlineMembers, useCoursePresence } from '../community/presence/usePresence.tsx';
import { UserAvatar } from '../account/avatar/UserAvatar.tsx';

const CourseQuery = graphql(`
  query CoursePage($id: ID!) {
    course(id: $id) {
      id title summary description category level status priceCents currency enrollmentCount lessonCount
      coverImage { id url width height }
      instructor { id displayName avatar { initials fallbackUrl image { id url } } }
      sections { id title position lessons { id title kind durationMinutes position preview } }
      viewerEnrollment { id status progressPercent completedLessonIds }
    }
    isCourseMember(courseId: $id)
  }
`);

const WishlistedQuery = graphql(`
  query CourseWishlisted($id: ID!) { course(id: $id) { id viewerHasWishlisted } }
`);

function Wishlist({ courseId }: { courseId: string }) {
  const [{ data }] = useQuery({ query: WishlistedQuery, variables: { id: courseId }, requestPolicy: 'cache-and-network' });
  if (!data?.course) return null;
  return <WishlistButton courseId={courseId} wishlisted={data.course.viewerHasWishlisted} />;
}

const EnrolMutation = graphql(`
  mutation Enrol($courseId: ID!) {
    enrollInFreeCourse(courseId: $courseId) { id status progressPercent completedLessonIds course { id enrollmentCount viewerEnrollment { id } } }
  }
`);

const AddToCartMutation = graphql(`
  mutation AddToCart($courseId: ID!) { addCourseToCart(courseId: $courseId) { subtotalCents currency items { id priceCents course { id title } } } }
`);

const CompleteLessonMutation = graphql(`
  mutation CompleteLesson($courseId: ID!, $lessonId: ID!) { completeLesson(courseId: $courseId, lessonId: $lessonId) { id status progressPercent completedLessonIds } }
`);

export function CourseScreen({ id }: { id: string }) {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: CourseQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [enrolState, enrol] = useMutation(EnrolMutation);
  const [cartState, addToCart] = useMutation(AddToCartMutation);
  const [completeState, complete] = useMutation(CompleteLessonMutation);

  if (!data && fetching) return <Loading label="Loading the course…" />;
  if (error && !data) return <ErrorAlert error={error} />;
  const course = data?.course;
  if (!course) return <Empty>This course does not exist or is not published.</Empty>;
  const enrolment = course.viewerEnrollment;
  const member = data.isCourseMember || Boolean(enrolment);
  // Course staff moderate its posts (teaching assistants join with the threads sub-domain).
  const staff = Boolean(session && (session.user.roles.includes('ADMIN') || course.instructor?.id === session.user.id));
  const done = new Set(enrolment?.completedLessonIds ?? []);

  return (
    <Stack gap={6}>
      <Stack gap={2}>
        <CoverImage cover={course.coverImage} className="cover cover--page" />
        <Row gap={2}><Badge>{course.category}</Badge><Badge>{course.level.toLowerCase()}</Badge>{course.status !== 'PUBLISHED' && <Badge>{course.status.toLowerCase()}</Badge>}</Row>
        <h1>{course.title}</h1>
        <p>{course.summary}</p>
        <p className="muted" style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}><UserAvatar user={course.instructor} size={24} />by {course.instructor.displayName} · {course.enrollmentCount} enrolled · {course.lessonCount} {course.lessonCount === 1 ? 'lesson' : 'lessons'}</p>
      </Stack>
      <div className="two-cols">
        <Stack gap={6}>
          <Card as="section" aria-labelledby="about">
            <h2 id="about">About this course</h2>
            <p style={{ whiteSpace: 'pre-line' }}>{course.description}</p>
          </Card>
          <Card as="section" aria-labelledby="content">
            <h2 id="content">Content</h2>
            <ErrorAlert error={completeState.error} />
            {course.sections.length === 0 && <Empty>No lessons yet.</Empty>}
            {course.sections.map((s) => (
              <Stack gap={1} key={s.id}>
                <h3>{s.title}</h3>
                <ul className="list">
                  {s.lessons.map((l) => (
                    <li className="lesson" key={l.id}>
                      <span>
                        {member || l.preview ? <Link to={lessonPath(course.id, l.id)}>{l.title}</Link> : l.title}
                        {' '}{l.preview && !member && <Badge label={`${l.title}: open preview`}>Preview</Badge>}
                        <span className="muted"> · {l.kind.toLowerCase()}{l.durationMinutes ? ` · ${l.durationMinutes} min` : ''}</span>
                      </span>
                      {enrolment && (done.has(l.id)
                        ? <Badge label={`${l.title} completed`}>✓ Completed</Badge>
                        : <Button variant="ghost" aria-label={`Mark “${l.title}” complete`} disabled={completeState.fetching}
                            onClick={() => void complete({ courseId: course.id, lessonId: l.id })}>Mark complete</Button>)}
                    </li>
                  ))}
                </ul>
              </Stack>
            ))}
          </Card>
          <Supplements courseId={course.id} />
        </Stack>
        <Stack gap={6}>
          <Card as="section" aria-labelledby="enrol">
            <Stack gap={3}>
              <h2 id="enrol">{enrolment ? 'Your progress' : 'Join this course'}</h2>
              {enrolment ? (
                <>
                  <Progress value={enrolment.progressPercent} label="Course progress" />
                  <p>{Math.round(enrolment.progressPercent)}% complete{enrolment.status === 'COMPLETED' ? ' — well done!' : ''}</p>
                  {enrolment.status === 'COMPLETED' && <p><Badge label="Course completed">✓ Course completed</Badge></p>}
                </>
              ) : (
                <>
                  <span className="price">{formatPrice(course.priceCents, course.currency)}</span>
                  <ErrorAlert error={enrolState.error ?? cartState.error} />
                  {!session ? (
                    <p><Link to="/signin">Sign in</Link> or <Link to="/signup">sign up</Link> to enrol.</p>
                  ) : course.priceCents === 0 ? (
                    <Button busy={enrolState.fetching} onClick={() => void enrol({ courseId: course.id })}>Enrol for free</Button>
                  ) : cartState.data ? (
                    <Alert tone="success">Added to your cart. <Link to="/cart">Go to the cart</Link></Alert>
                  ) : (
                    <Button busy={cartState.fetching} onClick={() => void addToCart({ courseId: course.id })}>Add to cart</Button>
                  )}
                  {session && <Wishlist courseId={course.id} />}
                </>
              )}
            </Stack>
          </Card>
          {member && (
            <Card as="section" aria-label="Community">
              <Row gap={3}>
                <Link to={`/courses/${encodeURIComponent(course.id)}/discussions`}>Discussions</Link>
                <Link to={`/courses/${encodeURIComponent(course.id)}/members`}>Members</Link>
              </Row>
            </Card>
          )}
          {member && <Chat courseId={course.id} staff={staff} />}
        </Stack>
      </div>
      {enrolment && <Exercises courseId={course.id} />}
      {member && <QuestionsAndAnswers courseId={course.id} staff={staff} />}
      {member && <CourseEvents courseId={course.id} canSchedule={staff} />}
      {!member && session && course.status === 'PUBLISHED' && <p className="muted">Chat and Q&amp;A open to the course's members.</p>}
      <div><Button variant="ghost" onClick={() => navigate('/')}>← Back to the catalog</Button></div>
    </Stack>
  );
}

const ChatQuery = graphql(`
  query CourseChat($courseId: ID!) {
    course(id: $courseId) { id chatMessages(last: 50) { edges { node { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } } } }
  }
`);
const ChatSubscription = graphql(`
  subscription ChatAdded($courseId: ID!) { chatMessageAdded(courseId: $courseId) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
const SendChatMutation = graphql(`
  mutation SendChat($courseId: ID!, $body: String!) { sendChatMessage(courseId: $courseId, body: $body) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);

/** A chat message; live and sent ones select the same fields. */
type ChatItem = NonNullable<NonNullable<CourseChatQuery['course']>['chatMessages']>['edges'][number]['node'];

function mergeById<T extends { id: string }>(...lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

/**
 * The course's chat with moderation applied live: a post gone for the viewer (deleted, or hidden
 * and they are neither its author nor staff) leaves the list; an edited or hidden one is updated.
 */
function Chat({ courseId, staff }: { courseId: string; staff: boolean }) {
  const { session } = useSession();
  const online = useCoursePresence(courseId);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ChatQuery, variables: { courseId }, requestPolicy: 'network-only' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const [live] = useSubscription({ query: ChatSubscription, variables: { courseId } }, (prev: ChatItem[] = [], event) => [...prev, event.chatMessageAdded]);
  const liveState = useLiveState();
  const [sent, setSent] = useState<ChatItem[]>([]);
  const [sendState, send] = useMutation(SendChatMutation);
  const [body, setBody] = useState('');
  // Optimistic: a message shows at once, and is replaced by the stored one when it returns.
  const [pending, setPending] = useState<ChatItem | null>(null);
  const changes = usePostChanges(courseId, 'CHAT_MESSAGE');
  const [deleted, setDeleted] = useState<string[]>([]);
  const messages = applyChanges(mergeById<ChatItem>(data?.course?.chatMessages?.edges.map((e) => e.node) ?? [], live.data ?? [], sent), changes)
    .filter((m) => !deleted.includes(m.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setPending({ __typename: 'ChatMessage', id: 'pending', body: text, createdAt: new Date().toISOString(), editedAt: null, hiddenAt: null, hiddenReason: null, author: { __typename: 'User', id: '', displayName: 'You' } });
    setBody('');
    const res = await send({ courseId, body: text });
    setPending(null);
    if (res.data) setSent((s) => [...s, res.data!.sendChatMessage]);
    else setBody(text);
  };

  return (
    <Card as="section" aria-labelledby="chat">
      <Stack gap={3}>
        <div className="section-head"><h2 id="chat">Course chat</h2><LiveIndicator state={liveState} /></div>
        <OnlineMembers online={online} me={session?.user.id ?? ''} />
        <ErrorAlert error={error ?? live.error ?? sendState.error} />
        {!data && fetching && <Loading label="Loading the chat…" />}
        {data && messages.length === 0 && !pending && <Empty>No messages yet: say hello.</Empty>}
        <ol className="list chat-log" aria-label="Chat messages" aria-live="polite">
          {[...messages, ...(pending ? [pending] : [])].map((m) => (
            <li key={m.id} aria-label={`Message by ${m.author.displayName}`}>
              <strong>{m.author.displayName}</strong><OnlineDot online={online.has(m.author.id)} />{' '}
              <span className="muted">{new Date(m.createdAt).toLocaleTimeString()}</span>
              {m.author.id && m.author.id !== session?.user.id && <> · <MessageAction user={m.author} /></>}
              <PostMarks post={m} /><br />
              <span style={{ overflowWrap: 'anywhere' }}>{m.body}</span>
              {m.id !== 'pending' && (
                <PostActions kind="CHAT_MESSAGE" post={m} what={`message by ${m.author.displayName}`} staff={staff}
                  onDeleted={(id) => setDeleted((d) => [...d, id])} />
              )}
            </li>
          ))}
        </ol>
        <Stack as="form" gap={2} onSubmit={submit}>
          <TextField label="Message" value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} />
          <div><Button type="submit" disabled={!body.trim()}>Send</Button></div>
        </Stack>
      </Stack>
    </Card>
  );
}
