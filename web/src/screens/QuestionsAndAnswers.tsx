// Course Q&A: questions (new ones arrive live), answers per question (new ones arrive live), votes on
// both (optimistic through graphcache), and the question's author accepting an answer.
import { useCallback, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql/index.ts';
import type { CourseQuestionsQuery } from '../gql/graphql.ts';
import { AnswerAddedSubscription, AnswerMutation, AnswersQuery, AskMutation, MoreQuestionsQuery, QuestionAddedSubscription, QuestionsQuery } from '../lib/questions.ts';
import { useCatchUpOnReconnect, useLiveState, useSession } from '../lib/session.tsx';
import { PostActions, PostMarks } from '../community/moderation/PostActions.tsx';
import { applyChanges, usePostChanges, type PostChanges } from '../community/moderation/live.ts';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack, TextArea, TextField, LiveIndicator } from '../ui/index.tsx';

const VoteQuestionMutation = graphql(`
  mutation VoteOnQuestion($questionId: ID!, $value: Int!) { voteOnQuestion(questionId: $questionId, value: $value) { id voteScore viewerVote } }
`);
const VoteAnswerMutation = graphql(`
  mutation VoteOnAnswer($answerId: ID!, $value: Int!) { voteOnAnswer(answerId: $answerId, value: $value) { id voteScore viewerVote } }
`);
const AcceptMutation = graphql(`
  mutation AcceptAnswer($answerId: ID!) { acceptAnswer(answerId: $answerId) { id isAccepted question { id acceptedAnswer { id } } } }
`);

/** A listed question; the older pages, live additions and the asker's own select the same fields. */
type QuestionNode = NonNullable<NonNullable<CourseQuestionsQuery['course']>['questions']>['edges'][number]['node'];

/** Up and down buttons: pressing the viewer's current vote again takes it back. */
function Votes({ what, score, mine, busy, onVote }: { what: string; score: number; mine: number; busy: boolean; onVote: (value: number) => void }) {
  return (
    <Row gap={1}>
      <Button variant={mine === 1 ? 'primary' : 'ghost'} aria-label={`Upvote ${what}`} aria-pressed={mine === 1} disabled={busy} onClick={() => onVote(mine === 1 ? 0 : 1)}>▲</Button>
      <span aria-label={`${what} score`}>{score}</span>
      <Button variant={mine === -1 ? 'primary' : 'ghost'} aria-label={`Downvote ${what}`} aria-pressed={mine === -1} disabled={busy} onClick={() => onVote(mine === -1 ? 0 : -1)}>▼</Button>
    </Row>
  );
}

export function QuestionsAndAnswers({ courseId, staff }: { courseId: string; staff: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: QuestionsQuery, variables: { courseId }, requestPolicy: 'cache-and-network' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const [live] = useSubscription({ query: QuestionAddedSubscription, variables: { courseId } });
  const liveState = useLiveState();
  const [askState, ask] = useMutation(AskMutation);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  // Cursors of the older pages the viewer asked for, in order.
  const [older, setOlder] = useState<string[]>([]);
  const firstPage = data?.course?.questions;
  const questionChanges = usePostChanges(courseId, 'QUESTION');
  const answerChanges = usePostChanges(courseId, 'ANSWER');
  const questions = applyChanges([...(data?.course?.questions?.edges.map((e) => e.node) ?? [])], questionChanges)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const moderation = { staff, answerChanges };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await ask({ input: { courseId, title: title.trim(), body: body.trim() } });
    if (res.data) {
      setTitle('');
      setBody('');
    }
  };

  return (
    <Card as="section" aria-labelledby="qa">
      <Stack gap={4}>
        <div className="section-head"><h2 id="qa">Questions &amp; answers</h2><LiveIndicator state={liveState} /></div>
        <ErrorAlert error={error ?? live.error} />
        <Stack as="form" gap={3} onSubmit={submit}>
          <TextField label="Question title" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={150} required />
          <TextArea label="Details" value={body} onChange={(e) => setBody(e.target.value)} required />
          <ErrorAlert error={askState.error} />
          <div><Button type="submit" busy={askState.fetching} disabled={title.trim().length < 3 || !body.trim()}>Ask</Button></div>
        </Stack>
        {!data && fetching && <Loading label="Loading questions…" />}
        {data && questions.length === 0 && <Empty>No questions yet.</Empty>}
        <ul className="list" aria-label="Questions" aria-live="polite">
          {questions.map((q) => <Question key={q.id} question={q} moderation={moderation} />)}
          {older.map((after, i) => (
            <OlderQuestions key={after} courseId={courseId} after={after} isLast={i === older.length - 1} moderation={{ ...moderation, questionChanges }}
              onMore={(cursor) => setOlder([...older, cursor])} />
          ))}
        </ul>
        {firstPage && older.length === 0 && firstPage.pageInfo.hasNextPage && firstPage.pageInfo.endCursor && (
          <div><Button variant="secondary" onClick={() => setOlder([firstPage.pageInfo.endCursor as string])}>Load older questions</Button></div>
        )}
      </Stack>
    </Card>
  );
}

/** One older page, listed after the pages before it; the last one offers the next. */
function OlderQuestions({ courseId, after, isLast, onMore, moderation }: {
  courseId: string; after: string; isLast: boolean; onMore(cursor: string): void; moderation: Moderation & { questionChanges: PostChanges };
}) {
  const [{ data, fetching, error }] = useQuery({ query: MoreQuestionsQuery, variables: { courseId, after } });
  const page = data?.course?.questions;
  return (
    <>
      {applyChanges(page?.edges.map((e) => e.node) ?? [], moderation.questionChanges).map((q) => <Question key={q.id} question={q} moderation={moderation} />)}
      {(error || (!data && fetching) || (isLast && page?.pageInfo.hasNextPage)) && (
        <li className="qa-item">
          <ErrorAlert error={error} />
          {!data && fetching && <Loading label="Loading older questions…" />}
          {isLast && page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <Button variant="secondary" onClick={() => onMore(page.pageInfo.endCursor as string)}>Load older questions</Button>
          )}
        </li>
      )}
    </>
  );
}

/** What the lists pass down for moderation: whether the viewer is staff, and the live changes to answers. */
interface Moderation { staff: boolean; answerChanges: PostChanges }

function Question({ question: q, moderation }: { question: QuestionNode; moderation: Moderation }) {
  const [open, setOpen] = useState(false);
  const [voteState, vote] = useMutation(VoteQuestionMutation);
  return (
    <li className="qa-item" aria-label={q.title}>
      <Stack gap={2}>
        <strong>{q.title}<PostMarks post={q} /></strong>
        <span style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{q.body}</span>
        <PostActions kind="QUESTION" post={q} what={`question “${q.title}”`} staff={moderation.staff} />
        <Row gap={3}>
          <Votes what={`question “${q.title}”`} score={q.voteScore} mine={q.viewerVote} busy={false}
            onVote={(value) => void vote({ questionId: q.id, value })} />
          <span className="muted">{q.author.displayName} · {q.answerCount} {q.answerCount === 1 ? 'answer' : 'answers'}</span>
          <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>{open ? 'Hide answers' : `Answers (${q.answerCount})`}</Button>
        </Row>
        <ErrorAlert error={voteState.error} />
        {open && <Answers question={q} moderation={moderation} />}
      </Stack>
    </li>
  );
}

function Answers({ question, moderation }: { question: QuestionNode; moderation: Moderation }) {
  const { session } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: AnswersQuery, variables: { questionId: question.id }, requestPolicy: 'cache-and-network' });
  useCatchUpOnReconnect(useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const [live] = useSubscription({ query: AnswerAddedSubscription, variables: { questionId: question.id } });
  const [answerState, answer] = useMutation(AnswerMutation);
  const [voteState, vote] = useMutation(VoteAnswerMutation);
  const [acceptState, accept] = useMutation(AcceptMutation);
  const [body, setBody] = useState('');
  const acceptedId = data?.question?.acceptedAnswer?.id;
  const answers = applyChanges([...(data?.question?.answers.edges.map((e) => e.node) ?? [])], moderation.answerChanges)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const asker = session?.user.id === question.author.id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    const res = await answer({ questionId: question.id, body: text });
    if (res.data) setBody('');
  };

  return (
    <Stack gap={3} style={{ borderLeft: '2px solid var(--color-secondary)', paddingLeft: 'var(--space-4)' }}>
      <ErrorAlert error={error ?? live.error ?? voteState.error ?? acceptState.error} />
      {!data && fetching && <Loading label="Loading answers…" />}
      {data && answers.length === 0 && <Empty>No answers yet.</Empty>}
      <ol className="list" aria-label={`Answers to “${question.title}”`} aria-live="polite">
        {answers.map((a) => {
          const accepted = acceptedId ? acceptedId === a.id : a.isAccepted;
          return (
            <li key={a.id} className="qa-item">
              <Stack gap={1}>
                <span style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{a.body}<PostMarks post={a} /></span>
                <Row gap={3}>
                  <Votes what={`answer by ${a.author.displayName}`} score={a.voteScore} mine={a.viewerVote} busy={false}
                    onVote={(value) => void vote({ answerId: a.id, value })} />
                  <span className="muted">{a.author.displayName}</span>
                  {accepted && <Badge label="Accepted answer">✓ Accepted</Badge>}
                  {asker && !accepted && (
                    <Button variant="ghost" busy={acceptState.fetching} onClick={() => void accept({ answerId: a.id })}>Accept</Button>
                  )}
                </Row>
                <PostActions kind="ANSWER" post={a} what={`answer by ${a.author.displayName}`} staff={moderation.staff} />
              </Stack>
            </li>
          );
        })}
      </ol>
      <Stack as="form" gap={2} onSubmit={submit}>
        <TextArea label={`Your answer to “${question.title}”`} value={body} onChange={(e) => setBody(e.target.value)} maxLength={10000} required />
        <ErrorAlert error={answerState.error} />
        <div><Button type="submit" busy={answerState.fetching} disabled={!body.trim()}>Answer</Button></div>
      </Stack>
    </Stack>
  );
}
