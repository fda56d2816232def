// One lesson's content: Markdown with a live preview, the preview flag, its video, captions and
// attachments; saved with updateLessonContent, guarded on the content's version.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { LessonForEditingQuery } from '../gql/graphql.ts';
import { Alert, Badge, Button, Card, Checkbox, ErrorAlert, Loading, Row, Stack, TextArea } from '../ui/index.tsx';
import { MediaUploader, type UploadedAsset } from './MediaUploader.tsx';
import { LessonContentQuery, UpdateLessonContentMutation } from './queries.ts';
import { WriteError } from './conflict.tsx';
import { previewHtml } from './markdownPreview.ts';

type EditedLesson = NonNullable<NonNullable<LessonForEditingQuery['course']>['lesson']>;
type Attached = { id: string; kind: string; fileName: string };

interface Draft { body: string; preview: boolean; video: Attached | null; captions: Attached[]; media: Attached[]; version: number }

const draftOf = (lesson: EditedLesson): Draft => ({
  body: lesson.content?.bodyMarkdown ?? '', preview: lesson.preview, version: lesson.content?.version ?? 0,
  video: lesson.content?.video ?? null, captions: lesson.content?.captions ?? [], media: lesson.content?.media ?? [],
});

function AttachedList({ label, items, onRemove }: { label: string; items: Attached[]; onRemove(id: string): void }) {
  if (items.length === 0) return null;
  return (
    <ul className="list" aria-label={label}>
      {items.map((a) => (
        <li key={a.id} className="lesson">
          <span>{a.fileName} <Badge>{a.kind.toLowerCase()}</Badge></span>
          <Button variant="ghost" aria-label={`Remove ${a.fileName}`} onClick={() => onRemove(a.id)}>Remove</Button>
        </li>
      ))}
    </ul>
  );
}

/** `onSaved`: the course is read again, since a change of the preview flag also changes the course (its version, the lesson's badge). */
export function LessonEditor({ courseId, lessonId, onSaved }: { courseId: string; lessonId: string; onSaved(): void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: LessonContentQuery, variables: { courseId, lessonId }, requestPolicy: 'network-only' });
  const lesson = data?.course?.lesson ?? null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [state, save] = useMutation(UpdateLessonContentMutation);
  const [saved, setSaved] = useState(false);
  // The draft follows the server only when the server has a newer version (first load, a reload
  // after a CONFLICT): other writes that touch the lesson in the cache (a reorder) keep what is typed.
  useEffect(() => {
    if (lesson) setDraft((d) => (d && d.version >= (lesson.content?.version ?? 0) ? d : draftOf(lesson)));
  }, [lesson]);
  const html = useMemo(() => previewHtml(draft?.body ?? ''), [draft?.body]);
  if (error) return <ErrorAlert error={error} />;
  if (!lesson || !draft) return fetching ? <Loading label="Loading the lesson…" /> : null;

  const change = (next: Partial<Draft>) => { setSaved(false); setDraft({ ...draft, ...next }); };
  const attach = (asset: UploadedAsset) => {
    const item = { id: asset.id, kind: asset.kind, fileName: asset.fileName };
    if (asset.kind === 'VIDEO') change({ video: item });
    else if (asset.kind === 'CAPTIONS') change({ captions: [...draft.captions, item] });
    else change({ media: [...draft.media, item] });
  };
  const submit = async () => {
    const res = await save({ input: {
      lessonId, bodyMarkdown: draft.body, preview: draft.preview, expectedVersion: draft.version, videoId: draft.video?.id ?? null,
      mediaIds: draft.media.map((m) => m.id), captionIds: draft.captions.map((c) => c.id),
    } });
    const content = res.data?.updateLessonContent.content;
    if (content) { setDraft({ ...draft, version: content.version }); setSaved(true); onSaved(); }
  };
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <Card as="section" aria-labelledby="lesson-editor">
      <Stack gap={3}>
        <h2 id="lesson-editor">Lesson: {lesson.title}</h2>
        <div className="editor">
          <TextArea label="Lesson text (Markdown)" rows={14} value={draft.body} onChange={(e) => change({ body: e.target.value })} maxLength={100_000} />
          <section aria-label="Live preview" className="editor__preview">
            <h3 className="muted" style={{ marginTop: 0 }}>Preview</h3>
            {/* Sanitised by previewHtml (DOMPurify) before it is inserted. */}
            <div className="lesson-body" dangerouslySetInnerHTML={{ __html: html }} />
          </section>
        </div>
        <Checkbox label="Preview lesson: open to everyone, signed in or not" checked={draft.preview} onChange={(e) => change({ preview: e.target.checked })} />
        <h3>Video</h3>
        {draft.video
          ? <AttachedList label="Lesson video" items={[draft.video]} onRemove={() => change({ video: null })} />
          : <p className="muted">No video.</p>}
        <h3>Captions and attachments</h3>
        <AttachedList label="Captions" items={draft.captions} onRemove={(id) => change({ captions: draft.captions.filter((c) => c.id !== id) })} />
        <AttachedList label="Attachments" items={draft.media} onRemove={(id) => change({ media: draft.media.filter((m) => m.id !== id) })} />
        <MediaUploader key={`media-${lessonId}`} label="Upload a video or attachment" purpose="LESSON_MEDIA" courseId={courseId} onReady={attach}
          accept="video/*,audio/*,application/pdf,image/*,.zip,.txt,.csv,.md" />
        <MediaUploader key={`captions-${lessonId}`} label="Upload captions (WebVTT)" purpose="CAPTIONS" courseId={courseId} onReady={attach} accept=".vtt,text/vtt" />
        {saved && <Alert tone="success">Lesson saved.</Alert>}
        <WriteError error={state.error} what="This lesson" onReload={reload} />
        <Row gap={2}><Button busy={state.fetching} onClick={() => void submit()}>Save lesson</Button></Row>
      </Stack>
    </Card>
  );
}
