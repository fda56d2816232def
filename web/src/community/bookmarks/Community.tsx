// The viewer's community corner: their bookmarks (questions and threads), their questions and
// their answers, each paged.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Link } from '../../lib/router.tsx';
import { Button, Card, Empty, ErrorAlert, Loading, Row, Stack } from '../../ui/index.tsx';
import { MyAnswersQuery, MyBookmarksQuery, MyQuestionsQuery, RemoveBookmarkMutation } from './queries.ts';

type Tab = 'bookmarks' | 'questions' | 'answers';
const TABS: { tab: Tab; label: string }[] = [{ tab: 'bookmarks', label: 'My bookmarks' }, { tab: 'questions', label: 'My questions' }, { tab: 'answers', label: 'My answers' }];

const courseLink = (course: { id: string; title: string }) => <Link to={`/courses/${encodeURIComponent(course.id)}`}>{course.title}</Link>;

function Pager({ page, after, setAfter }: { page?: { pageInfo: { hasNextPage: boolean; endCursor?: string | null } } | null; after: string | null; setAfter(a: string | null): void }) {
  return (
    <Row gap={2}>
      {after && <Button variant="secondary" onClick={() => setAfter(null)}>First page</Button>}
      {page?.pageInfo.hasNextPage && page.pageInfo.endCursor && <Button variant="secondary" onClick={() => setAfter(page.pageInfo.endCursor!)}>Next page</Button>}
    </Row>
  );
}

function Bookmarks() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyBookmarksQuery, variables: { after }, requestPolicy: 'cache-and-network' });
  const [removeState, remove] = useMutation(RemoveBookmarkMutation);
  const page = data?.myBookmarks;
  return (
    <Stack gap={3}>
      <ErrorAlert error={error ?? removeState.error} />
      {!data && fetching && <Loading label="Loading bookmarks…" />}
      {page && page.totalCount === 0 && <Empty>No bookmarks yet: bookmark a thread or a question to find it here.</Empty>}
      <ul className="list" aria-label="My bookmarks">
        {page?.edges.map(({ node: b }) => (
          <li key={`${b.kind}:${b.id}`} className="qa-item">
            <Row gap={2}>
              {b.target?.__typename === 'Thread' && <Link to={`/courses/${encodeURIComponent(b.target.course.id)}/threads/${encodeURIComponent(b.target.id)}`}>Thread: {b.target.title}</Link>}
              {b.target?.__typename === 'Question' && <span>Question: {b.target.title}</span>}
              {b.target && <span className="muted">in {courseLink(b.target.course)}</span>}
              {!b.target && <span className="muted">No longer available</span>}
              <Button variant="ghost" busy={removeState.fetching} onClick={() => void remove({ kind: b.kind, id: b.id }).then(() => refetch({ requestPolicy: 'network-only' }))}>Remove</Button>
            </Row>
          </li>
        ))}
      </ul>
      <Pager page={page} after={after} setAfter={setAfter} />
    </Stack>
  );
}

function Questions() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: MyQuestionsQuery, variables: { after }, requestPolicy: 'cache-and-network' });
  const page = data?.myQuestions;
  return (
    <Stack gap={3}>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading your questions…" />}
      {page && page.totalCount === 0 && <Empty>You have asked no questions yet.</Empty>}
      <ul className="list" aria-label="My questions">
        {page?.edges.map(({ node: q }) => (
          <li key={q.id} className="qa-item">
            <Stack gap={1}>
              <strong style={{ overflowWrap: 'anywhere' }}>{q.title}</strong>
              <span className="muted">{q.answerCount} {q.answerCount === 1 ? 'answer' : 'answers'} · {courseLink(q.course)}</span>
            </Stack>
          </li>
        ))}
      </ul>
      <Pager page={page} after={after} setAfter={setAfter} />
    </Stack>
  );
}

function Answers() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: MyAnswersQuery, variables: { after }, requestPolicy: 'cache-and-network' });
  const page = data?.myAnswers;
  return (
    <Stack gap={3}>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading your answers…" />}
      {page && page.totalCount === 0 && <Empty>You have written no answers yet.</Empty>}
      <ul className="list" aria-label="My answers">
        {page?.edges.map(({ node: a }) => (
          <li key={a.id} className="qa-item">
            <Stack gap={1}>
              <span style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{a.body}</span>
              <span className="muted">{a.isAccepted ? '✓ Accepted · ' : ''}to “{a.question.title}” · {courseLink(a.question.course)}</span>
            </Stack>
          </li>
        ))}
      </ul>
      <Pager page={page} after={after} setAfter={setAfter} />
    </Stack>
  );
}

export function CommunityScreen() {
  const [tab, setTab] = useState<Tab>('bookmarks');
  return (
    <Stack gap={4}>
      <h1>Community</h1>
      <div role="tablist" aria-label="Community" className="row" style={{ gap: 'var(--space-2)' }}>
        {TABS.map((t) => (
          <Button key={t.tab} role="tab" aria-selected={tab === t.tab} variant={tab === t.tab ? 'primary' : 'secondary'} onClick={() => setTab(t.tab)}>{t.label}</Button>
        ))}
      </div>
      <Card as="section" aria-label={TABS.find((t) => t.tab === tab)!.label}>
        {tab === 'bookmarks' && <Bookmarks />}
        {tab === 'questions' && <Questions />}
        {tab === 'answers' && <Answers />}
      </Card>
    </Stack>
  );
}
