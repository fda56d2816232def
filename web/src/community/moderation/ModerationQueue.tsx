// The report queue for course staff and ADMIN: each report with the post's text now, resolved by
// dismissing it, hiding the post or deleting it, with a note.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { ModerationQueueQuery as QueueData, ReportAction, ReportStatus } from '../../gql/graphql.ts';
import { useSession } from '../../lib/session.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack, TextField } from '../../ui/index.tsx';
import { ModerationQueueQuery, ResolveReportMutation } from './queries.ts';

type Report = NonNullable<QueueData['moderationQueue']>['edges'][number]['node'];

const KIND_LABELS: Record<string, string> = {
  QUESTION: 'Question', ANSWER: 'Answer', CHAT_MESSAGE: 'Chat message', THREAD: 'Thread', THREAD_REPLY: 'Thread reply',
  GROUP_MESSAGE: 'Group message', DIRECT_MESSAGE: 'Direct message',
};

export function ModerationQueueScreen() {
  const { session } = useSession();
  const [status, setStatus] = useState<ReportStatus>('OPEN');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ModerationQueueQuery, variables: { status }, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty>Sign in to moderate.</Empty>;
  const queue = data?.moderationQueue;
  return (
    <Stack gap={4}>
      <h1>Moderation queue</h1>
      <Row gap={2}>
        <Button variant={status === 'OPEN' ? 'primary' : 'secondary'} aria-pressed={status === 'OPEN'} onClick={() => setStatus('OPEN')}>Open</Button>
        <Button variant={status === 'RESOLVED' ? 'primary' : 'secondary'} aria-pressed={status === 'RESOLVED'} onClick={() => setStatus('RESOLVED')}>Resolved</Button>
      </Row>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading reports…" />}
      {queue && queue.edges.length === 0 && <Empty>{status === 'OPEN' ? 'No open reports.' : 'No resolved reports.'}</Empty>}
      <ul className="list" aria-label="Reports">
        {queue?.edges.map(({ node }) => <ReportItem key={node.id} report={node} onResolved={() => refetch({ requestPolicy: 'network-only' })} />)}
      </ul>
    </Stack>
  );
}

function ReportItem({ report, onResolved }: { report: Report; onResolved: () => void }) {
  const [note, setNote] = useState('');
  const [state, resolve] = useMutation(ResolveReportMutation);
  const act = async (action: ReportAction) => {
    const res = await resolve({ input: { reportId: report.id, action, note: note.trim() || null } });
    if (res.data) onResolved();
  };
  return (
    <Card as="li" aria-label={`Report: ${report.reason}`}>
      <Stack gap={2}>
        <Row gap={2}>
          <Badge>{KIND_LABELS[report.kind] ?? report.kind}</Badge>
          {report.course && <span className="muted">{report.course.title}</span>}
          {report.postHidden && <Badge>Hidden</Badge>}
          {report.resolution && <Badge>{report.resolution}</Badge>}
        </Row>
        <blockquote style={{ margin: 0, whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{report.excerpt ?? <em>deleted</em>}</blockquote>
        <span><strong>Reason:</strong> {report.reason} <span className="muted">— {report.reporter.displayName}, {new Date(report.createdAt).toLocaleString()}</span></span>
        {report.note && <span><strong>Note:</strong> {report.note}</span>}
        <ErrorAlert error={state.error} />
        {report.status === 'OPEN' && (
          <>
            <TextField label="Note (optional; the reason when hiding)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
            <Row gap={2}>
              <Button variant="secondary" busy={state.fetching} onClick={() => void act('DISMISS')}>Dismiss</Button>
              <Button busy={state.fetching} onClick={() => void act('HIDE')}>Hide post</Button>
              <Button busy={state.fetching} onClick={() => void act('DELETE')}>Delete post</Button>
            </Row>
          </>
        )}
      </Stack>
    </Card>
  );
}
