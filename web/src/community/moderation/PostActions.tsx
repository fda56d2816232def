// What a reader can do to a post: its author edits and deletes it, the course's staff hide and
// show it again with a reason, any other member reports it to staff. Shown under every chat message, question,
// answer, thread, thread reply and direct message (whose staff is ADMIN alone).
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { PostKind } from '../../gql/graphql.ts';
import { useSession } from '../../lib/session.tsx';
import { Alert, Badge, Button, ErrorAlert, Row, Stack, TextArea, TextField } from '../../ui/index.tsx';
import { DeletePostMutation, EditPostMutation, HidePostMutation, ReportPostMutation, UnhidePostMutation } from './queries.ts';

/** The body limits of posting each kind: an edit keeps them. */
const BODY_LIMITS: Partial<Record<PostKind, number>> = {
  QUESTION: 10_000, ANSWER: 10_000, CHAT_MESSAGE: 2_000, THREAD: 20_000, THREAD_REPLY: 10_000, DIRECT_MESSAGE: 4_000,
};

export interface ModeratedPost {
  id: string;
  body: string;
  title?: string;
  editedAt?: string | null;
  hiddenAt?: string | null;
  hiddenReason?: string | null;
  author: { id: string };
}

/** "edited", and for the author and staff of a hidden post, that it is hidden and why. */
export function PostMarks({ post }: { post: ModeratedPost }) {
  if (!post.editedAt && !post.hiddenAt) return null;
  return (
    <>
      {post.editedAt && <span className="muted" title={`Edited ${new Date(post.editedAt).toLocaleString()}`}> (edited)</span>}
      {post.hiddenAt && <> <Badge label={`Hidden by staff: ${post.hiddenReason ?? ''}`}>Hidden: {post.hiddenReason}</Badge></>}
    </>
  );
}

type Mode = null | 'edit' | 'delete' | 'hide' | 'report';

export function PostActions({ kind, post, what, staff, onDeleted }: {
  kind: PostKind;
  post: ModeratedPost;
  /** How the buttons name the post to assistive technology: "message by Alice". */
  what: string;
  /** Whether the viewer moderates the post: the course's staff (instructor, teaching assistant, ADMIN); ADMIN for a direct message. */
  staff: boolean;
  onDeleted?: (id: string) => void;
}) {
  const { session } = useSession();
  const [mode, setMode] = useState<Mode>(null);
  const [body, setBody] = useState(post.body);
  const [title, setTitle] = useState(post.title ?? '');
  const [reason, setReason] = useState('');
  const [reported, setReported] = useState(false);
  const [editState, edit] = useMutation(EditPostMutation);
  const [deleteState, remove] = useMutation(DeletePostMutation);
  const [hideState, hide] = useMutation(HidePostMutation);
  const [unhideState, unhide] = useMutation(UnhidePostMutation);
  const [reportState, report] = useMutation(ReportPostMutation);
  if (!session) return null;
  const mine = session.user.id === post.author.id;
  const open = (next: Mode) => {
    setMode(mode === next ? null : next);
    setBody(post.body);
    setTitle(post.title ?? '');
    setReason('');
  };

  const submitEdit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await edit({ input: { kind, id: post.id, body: body.trim(), ...(post.title !== undefined ? { title: title.trim() } : {}) } });
    if (res.data) setMode(null);
  };
  const submitHide = async (e: FormEvent) => {
    e.preventDefault();
    const res = await hide({ input: { kind, id: post.id, reason: reason.trim() } });
    if (res.data) setMode(null);
  };
  const submitReport = async (e: FormEvent) => {
    e.preventDefault();
    const res = await report({ input: { kind, id: post.id, reason: reason.trim() } });
    if (res.data) {
      setMode(null);
      setReported(true);
    }
  };
  const confirmDelete = async () => {
    const res = await remove({ input: { kind, id: post.id } });
    if (res.data?.deletePost) onDeleted?.(post.id);
  };

  return (
    <Stack gap={2} className="post-actions">
      <Row gap={2}>
        {mine && <Button variant="ghost" aria-label={`Edit ${what}`} aria-expanded={mode === 'edit'} onClick={() => open('edit')}>Edit</Button>}
        {mine && <Button variant="ghost" aria-label={`Delete ${what}`} aria-expanded={mode === 'delete'} onClick={() => open('delete')}>Delete</Button>}
        {staff && !post.hiddenAt && <Button variant="ghost" aria-label={`Hide ${what}`} aria-expanded={mode === 'hide'} onClick={() => open('hide')}>Hide</Button>}
        {staff && post.hiddenAt && (
          <Button variant="ghost" aria-label={`Show ${what} again`} busy={unhideState.fetching} onClick={() => void unhide({ input: { kind, id: post.id } })}>Unhide</Button>
        )}
        {!mine && !staff && !reported && <Button variant="ghost" aria-label={`Report ${what}`} aria-expanded={mode === 'report'} onClick={() => open('report')}>Report</Button>}
      </Row>
      {reported && <Alert tone="success">{kind === 'DIRECT_MESSAGE' ? 'Reported to the moderators.' : "Reported to the course's staff."} Thank you.</Alert>}
      <ErrorAlert error={editState.error ?? deleteState.error ?? hideState.error ?? unhideState.error ?? reportState.error} />
      {mode === 'edit' && (
        <Stack as="form" gap={2} onSubmit={submitEdit} aria-label={`Edit ${what}`}>
          {post.title !== undefined && <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} minLength={3} maxLength={150} required />}
          <TextArea label="Text" value={body} onChange={(e) => setBody(e.target.value)} maxLength={BODY_LIMITS[kind]} required />
          <Row gap={2}>
            <Button type="submit" busy={editState.fetching} disabled={!body.trim()}>Save</Button>
            <Button variant="secondary" onClick={() => setMode(null)}>Cancel</Button>
          </Row>
        </Stack>
      )}
      {mode === 'delete' && (
        <Row gap={2}>
          <span>Delete it for everyone?</span>
          <Button busy={deleteState.fetching} onClick={() => void confirmDelete()}>Yes, delete</Button>
          <Button variant="secondary" onClick={() => setMode(null)}>Keep it</Button>
        </Row>
      )}
      {(mode === 'hide' || mode === 'report') && (
        <Stack as="form" gap={2} onSubmit={mode === 'hide' ? submitHide : submitReport} aria-label={`${mode === 'hide' ? 'Hide' : 'Report'} ${what}`}>
          <TextField label={mode === 'hide' ? 'Reason (shown to the author)' : 'What is wrong with it?'} value={reason}
            onChange={(e) => setReason(e.target.value)} maxLength={500} required />
          <Row gap={2}>
            <Button type="submit" busy={hideState.fetching || reportState.fetching} disabled={!reason.trim()}>{mode === 'hide' ? 'Hide it' : 'Send report'}</Button>
            <Button variant="secondary" onClick={() => setMode(null)}>Cancel</Button>
          </Row>
        </Stack>
      )}
    </Stack>
  );
}
