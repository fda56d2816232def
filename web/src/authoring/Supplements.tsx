// The course's supplements: books, documents, slides, videos, links (a URL) or files (uploaded as
// SUPPLEMENT_FILE), each public or for members only; added and removed here.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { SupplementKind } from '../gql/graphql.ts';
import { Badge, Button, Card, Checkbox, Empty, ErrorAlert, Row, SelectField, Stack, TextField } from '../ui/index.tsx';
import { MediaUploader, type UploadedAsset } from './MediaUploader.tsx';
import { AddSupplementMutation, RemoveSupplementMutation, type AuthoredCourse } from './queries.ts';


const KINDS: { value: SupplementKind; label: string }[] = [
  { value: 'BOOK', label: 'Book' }, { value: 'DOCUMENT', label: 'Document' }, { value: 'SLIDES', label: 'Slides' },
  { value: 'VIDEO', label: 'Video (YouTube link)' }, { value: 'LINK', label: 'Link' }, { value: 'FILE', label: 'File' },
];
const EMPTY = { kind: 'LINK' as SupplementKind, title: '', url: '', public: false };

export function Supplements({ course, onAdded }: { course: AuthoredCourse; onAdded(): void }) {
  const [form, setForm] = useState(EMPTY);
  const [file, setFile] = useState<UploadedAsset | null>(null);
  // A new uploader for each supplement added: the last one's progress does not linger.
  const [round, setRound] = useState(0);
  const [addState, add] = useMutation(AddSupplementMutation);
  const [removeState, remove] = useMutation(RemoveSupplementMutation);
  const supplements = course.supplements ?? [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add({ input: {
      courseId: course.id, kind: form.kind, title: form.title.trim(), public: form.public,
      ...(file ? { fileId: file.id } : { url: form.url.trim() }),
    } });
    if (res.data) { setForm(EMPTY); setFile(null); setRound((r) => r + 1); onAdded(); }
  };
  return (
    <Card as="section" aria-labelledby="supplements">
      <Stack gap={3}>
        <h2 id="supplements">Supplements</h2>
        <ErrorAlert error={removeState.error} />
        {supplements.length === 0 && <Empty>No supplements yet.</Empty>}
        <ul className="list" aria-label="Supplements of the course">
          {supplements.map((s) => (
            <li key={s.id} className="lesson">
              <span>{s.title} <Badge>{s.kind.toLowerCase()}</Badge> <Badge>{s.public ? 'public' : 'members only'}</Badge></span>
              <Button variant="ghost" aria-label={`Remove ${s.title}`} onClick={() => void remove({ courseId: course.id, supplementId: s.id })}>Remove</Button>
            </li>
          ))}
        </ul>
        <Stack as="form" gap={2} onSubmit={submit} aria-label="New supplement">
          <h3>Add a supplement</h3>
          <ErrorAlert error={addState.error} />
          <SelectField label="Kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as SupplementKind })} options={KINDS} />
          <TextField label="Supplement title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required />
          {!file && <TextField label="URL" type="url" hint="http or https; leave empty when you upload a file" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} />}
          <MediaUploader key={round} label="Or upload a file" purpose="SUPPLEMENT_FILE" courseId={course.id} onReady={setFile} />
          <Checkbox label="Public: shown to everyone, not only members" checked={form.public} onChange={(e) => setForm({ ...form, public: e.target.checked })} />
          <Row gap={2}><Button type="submit" busy={addState.fetching} disabled={!form.title.trim() || (!file && !form.url.trim())}>Add supplement</Button></Row>
        </Stack>
      </Stack>
    </Card>
  );
}
