// The grade appeals of a course for its instructor: open ones first, each accepted with a new score
// or rejected, with a reply to the student.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { AppealStatus, CourseAppealsQuery } from '../gql/graphql.ts';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, Loading, SelectField, Stack, TextArea, TextField } from '../ui/index.tsx';
import { formatScore } from './format.ts';

const CourseAppealsPage = graphql(`
  query CourseAppeals($courseId: ID!, $status: AppealStatus) {
    appeals(courseId: $courseId, status: $status, first: 50) {
      totalCount
      edges { node { id status reason reply createdAt previousScore student { id displayName } submission { id score maxScore exercise { id title } } } }
    }
  }
`);

const ResolveAppeal = graphql(`
  mutation ResolveAppeal($appealId: ID!, $decision: AppealDecision!, $score: Float, $reply: String!) {
    resolveAppeal(appealId: $appealId, decision: $decision, score: $score, reply: $reply) { id status reply previousScore resolvedAt submission { id score } }
  }
`);

type Appeal = NonNullable<CourseAppealsQuery['appeals']>['edges'][number]['node'];

/** `onResolved`: a decision may change scores that the page shows elsewhere. */
export function CourseAppeals({ courseId, onResolved }: { courseId: string; onResolved?: () => void }) {
  const [status, setStatus] = useState<AppealStatus | ''>('OPEN');
  const [{ data, fetching, error }, refetch] = useQuery({ query: CourseAppealsPage, variables: { courseId, status: status || null }, requestPolicy: 'cache-and-network' });
  const appeals = data?.appeals?.edges.map((e) => e.node) ?? [];
  return (
    <Card as="section" aria-labelledby="appeals">
      <Stack gap={3}>
        <h2 id="appeals">Grade appeals</h2>
        <SelectField label="Show appeals" value={status} onChange={(e) => setStatus(e.target.value as AppealStatus | '')}
          options={[{ value: 'OPEN', label: 'Open' }, { value: 'ACCEPTED', label: 'Accepted' }, { value: 'REJECTED', label: 'Rejected' }, { value: '', label: 'All' }]} />
        <ErrorAlert error={error} />
        {!data && fetching && <Loading label="Loading appeals…" />}
        {data && appeals.length === 0 && <Empty>No {status ? status.toLowerCase() : ''} appeals.</Empty>}
        <ul className="list" aria-label="Appeals">
          {appeals.map((a) => <AppealItem key={a.id} appeal={a} onResolved={() => { refetch({ requestPolicy: 'network-only' }); onResolved?.(); }} />)}
        </ul>
      </Stack>
    </Card>
  );
}

function AppealItem({ appeal, onResolved }: { appeal: Appeal; onResolved: () => void }) {
  const { submission } = appeal;
  const [score, setScore] = useState(String(submission.maxScore));
  const [reply, setReply] = useState('');
  const [state, resolve] = useMutation(ResolveAppeal);
  const decide = (decision: 'ACCEPT' | 'REJECT') => async (e?: FormEvent) => {
    e?.preventDefault();
    const res = await resolve({ appealId: appeal.id, decision, score: decision === 'ACCEPT' ? Number(score) : null, reply: reply.trim() });
    if (res.data) onResolved();
  };
  return (
    <li className="qa-item" aria-label={`Appeal by ${appeal.student.displayName} on ${submission.exercise.title}`}>
      <Stack gap={2}>
        <div>
          <strong>{appeal.student.displayName}</strong> · {submission.exercise.title} · <Badge>{appeal.status.toLowerCase()}</Badge>
        </div>
        <span className="muted">
          Score {formatScore(submission.score)} / {submission.maxScore}
          {appeal.previousScore !== null && appeal.previousScore !== undefined ? ` (was ${formatScore(appeal.previousScore)})` : ''} · {new Date(appeal.createdAt).toLocaleString()}
        </span>
        <blockquote className="appeal-reason">{appeal.reason}</blockquote>
        {appeal.reply && <p><strong>Reply:</strong> {appeal.reply}</p>}
        {appeal.status === 'OPEN' && (
          <Stack as="form" gap={2} onSubmit={decide('ACCEPT')} aria-label={`Resolve the appeal by ${appeal.student.displayName}`}>
            <TextField label="New score" type="number" min={0} max={submission.maxScore} step="any" value={score} onChange={(e) => setScore(e.target.value)} />
            <TextArea label="Reply to the student" value={reply} maxLength={2000} onChange={(e) => setReply(e.target.value)} required />
            <ErrorAlert error={state.error} />
            {state.data && <Alert tone="success">Appeal {state.data.resolveAppeal.status.toLowerCase()}.</Alert>}
            <div className="row-actions">
              <Button type="submit" busy={state.fetching} disabled={!reply.trim()}>Accept</Button>
              <Button type="button" variant="secondary" busy={state.fetching} disabled={!reply.trim()} onClick={() => void decide('REJECT')()}>Reject</Button>
            </div>
          </Stack>
        )}
      </Stack>
    </li>
  );
}
