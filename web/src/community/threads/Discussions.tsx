// A course's discussion threads: pinned first, then by latest activity; starting one with a live
// Markdown preview. The thread page is Thread.tsx.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { previewHtml } from '../../authoring/markdownPreview.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack, TextArea, TextField } from '../../ui/index.tsx';
import { StartThreadMutation, ThreadsQuery } from './queries.ts';

export const THREAD_LIMITS = { title: 150, threadBody: 20_000, replyBody: 10_000 } as const;

/** The Markdown editor with a preview tab, as readers will see it (the server renders the stored HTML). */
export function MarkdownEditor({ label, value, onChange, maxLength }: { label: string; value: string; onChange(value: string): void; maxLength: number }) {
  const [preview, setPreview] = useState(false);
  return (
    <Stack gap={2}>
      <Row gap={2}>
        <Button type="button" variant={preview ? 'ghost' : 'secondary'} aria-pressed={!preview} onClick={() => setPreview(false)}>Write</Button>
        <Button type="button" variant={preview ? 'secondary' : 'ghost'} aria-pressed={preview} onClick={() => setPreview(true)}>Preview</Button>
        <span className="muted">{value.length} / {maxLength}</span>
      </Row>
      {preview
        ? <div className="lesson-body card" aria-label={`${label} preview`} dangerouslySetInnerHTML={{ __html: previewHtml(value) || '<p class="muted">Nothing to preview.</p>' }} />
        : <TextArea label={label} value={value} onChange={(e) => onChange(e.target.value)} maxLength={maxLength} required />}
    </Stack>
  );
}

export function DiscussionsScreen({ courseId }: { courseId: string }) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [first] = useQuery({ query: ThreadsQuery, variables: { courseId }, requestPolicy: 'cache-and-network' });
  const course = first.data?.course;
  return (
    <Stack gap={4}>
      <Row gap={3}>
        <Link to={`/courses/${encodeURIComponent(courseId)}`}>← {course?.title ?? 'Course'}</Link>
        <Link to={`/courses/${encodeURIComponent(courseId)}/members`}>Members</Link>
      </Row>
      <h1>Discussions</h1>
      <StartThread courseId={courseId} />
      <Card as="section" aria-labelledby="threads">
        <Stack gap={3}>
          <h2 id="threads">Threads{course?.threads ? ` (${course.threads.totalCount})` : ''}</h2>
          <ErrorAlert error={first.error} />
          {!first.data && first.fetching && <Loading label="Loading threads…" />}
          <ul className="list" aria-label="Threads">
            {pages.map((after, i) => (
              <ThreadsPage key={after ?? 'first'} courseId={courseId} after={after} isLast={i === pages.length - 1} onMore={(c) => setPages([...pages, c])} />
            ))}
          </ul>
        </Stack>
      </Card>
    </Stack>
  );
}

function ThreadsPage({ courseId, after, isLast, onMore }: { courseId: string; after: string | null; isLast: boolean; onMore(cursor: string): void }) {
  const [{ data, error }] = useQuery({ query: ThreadsQuery, variables: { courseId, after }, requestPolicy: 'cache-and-network' });
  const page = data?.course?.threads;
  if (error) return <li><ErrorAlert error={error} /></li>;
  if (page && page.edges.length === 0 && !after) return <li><Empty>No threads yet: start the first one.</Empty></li>;
  return (
    <>
      {page?.edges.map(({ node: t }) => (
        <li key={t.id} className="qa-item">
          <Stack gap={1}>
            <Row gap={2}>
              {t.pinned && <Badge label="Pinned">Pinned</Badge>}
              {t.locked && <Badge label="Locked">Locked</Badge>}
              <Link to={`/courses/${encodeURIComponent(courseId)}/threads/${encodeURIComponent(t.id)}`}><strong>{t.title}</strong></Link>
            </Row>
            <span className="muted">{t.author.displayName} · {t.replyCount} {t.replyCount === 1 ? 'reply' : 'replies'} · {new Date(t.lastActivityAt).toLocaleString()}</span>
          </Stack>
        </li>
      ))}
      {isLast && page?.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <li><Button variant="secondary" onClick={() => onMore(page.pageInfo.endCursor as string)}>More threads</Button></li>
      )}
    </>
  );
}

function StartThread({ courseId }: { courseId: string }) {
  const [state, start] = useMutation(StartThreadMutation);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await start({ input: { courseId, title: title.trim(), body: body.trim() } }, { additionalTypenames: ['ThreadConnection'] });
    if (res.data) navigate(`/courses/${encodeURIComponent(courseId)}/threads/${encodeURIComponent(res.data.startThread.id)}`);
  };
  return (
    <Card as="section" aria-labelledby="start-thread">
      <Stack as="form" gap={3} onSubmit={submit}>
        <h2 id="start-thread">Start a thread</h2>
        <TextField label="Thread title" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={THREAD_LIMITS.title} required />
        <MarkdownEditor label="Thread body (Markdown)" value={body} onChange={setBody} maxLength={THREAD_LIMITS.threadBody} />
        <ErrorAlert error={state.error} />
        <div><Button type="submit" busy={state.fetching} disabled={title.trim().length < 3 || !body.trim()}>Start thread</Button></div>
      </Stack>
    </Card>
  );
}
