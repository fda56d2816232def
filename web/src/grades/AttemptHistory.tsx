// A student's attempts at one exercise, newest first: score, time, what each question scored, and
// the grade's appeal (make one, with a reason, and follow its status).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { SubmissionHistoryQuery } from '../gql/graphql.ts';
import { Alert, Badge, Button, Empty, ErrorAlert, Loading, Stack, TextArea } from '../ui/index.tsx';
import { formatScore } from './format.ts';

const History = graphql(`
  query SubmissionHistory($exerciseId: ID!) {
    submissionHistory(exerciseId: $exerciseId, first: 20) {
      id score maxScore submittedAt
      feedback { question { id prompt } score points correct }
      appeal { id status reason reply previousScore }
    }
  }
`);

const AppealGrade = graphql(`
  mutation AppealGrade($submissionId: ID!, $reason: String!) {
    appealGrade(submissionId: $submissionId, reason: $reason) { id status reason submission { id appeal { id status reason reply previousScore } } }
  }
`);

type Attempt = NonNullable<SubmissionHistoryQuery['submissionHistory']>[number];
const REASON = { min: 10, max: 2000 };

export function AttemptHistory({ exerciseId, title }: { exerciseId: string; title: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: History, variables: { exerciseId }, requestPolicy: 'cache-and-network' });
  const attempts = data?.submissionHistory ?? [];
  return (
    <Stack gap={2} aria-label={`Your attempts at ${title}`} as="section">
      <h4 style={{ margin: 0 }}>Your attempts</h4>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading your attempts…" />}
      {data && attempts.length === 0 && <Empty>No attempts yet.</Empty>}
      <ol className="list" aria-label={`Attempts at ${title}`}>
        {attempts.map((a, i) => <AttemptItem key={a.id} attempt={a} number={attempts.length - i} onAppealed={() => refetch({ requestPolicy: 'network-only' })} />)}
      </ol>
    </Stack>
  );
}

function AttemptItem({ attempt, number, onAppealed }: { attempt: Attempt; number: number; onAppealed: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [state, appeal] = useMutation(AppealGrade);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await appeal({ submissionId: attempt.id, reason: reason.trim() });
    if (res.data) { setOpen(false); onAppealed(); }
  };
  const label = `Attempt ${number}`;
  return (
    <li className="qa-item" aria-label={label}>
      <Stack gap={2}>
        <div>
          <strong>{label}</strong>: <span aria-label={`${label} score`}>{formatScore(attempt.score)} / {attempt.maxScore}</span>
          <span className="muted"> · {new Date(attempt.submittedAt).toLocaleString()}</span>
        </div>
        <ul className="feedback" aria-label={`${label} feedback`}>
          {attempt.feedback.map((f) => (
            <li key={f.question.id}>{f.correct ? '✓' : '✗'} {f.question.prompt} <span className="muted">({formatScore(f.score)} / {f.points})</span></li>
          ))}
        </ul>
        {attempt.appeal ? (
          <div aria-label={`${label} appeal`}>
            <Badge>Appeal {attempt.appeal.status.toLowerCase()}</Badge>
            {attempt.appeal.previousScore !== null && attempt.appeal.previousScore !== undefined && <span className="muted"> · was {formatScore(attempt.appeal.previousScore)}</span>}
            {attempt.appeal.reply && <p><strong>Instructor:</strong> {attempt.appeal.reply}</p>}
          </div>
        ) : open ? (
          <Stack as="form" gap={2} onSubmit={submit} aria-label={`Appeal the grade of ${label}`}>
            <TextArea label="Why should this grade change?" value={reason} minLength={REASON.min} maxLength={REASON.max} onChange={(e) => setReason(e.target.value)} required />
            <ErrorAlert error={state.error} />
            <div className="row-actions">
              <Button type="submit" busy={state.fetching} disabled={reason.trim().length < REASON.min}>Send appeal</Button>
              <Button type="button" variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
            </div>
          </Stack>
        ) : (
          <div><Button variant="ghost" onClick={() => setOpen(true)}>Appeal this grade</Button></div>
        )}
        {state.data && <Alert tone="success">Your appeal was sent to the instructor.</Alert>}
      </Stack>
    </li>
  );
}
