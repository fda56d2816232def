// The course's details (updateCourse), guarded on the version the form was filled from.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { CourseLevel } from '../gql/graphql.ts';
import { Alert, Button, Card, SelectField, Stack, TextArea, TextField } from '../ui/index.tsx';
import { UpdateCourseDetailsMutation, type AuthoredCourse } from './queries.ts';
import { WriteError } from './conflict.tsx';


const formOf = (c: AuthoredCourse) => ({
  title: c.title, summary: c.summary, description: c.description, category: c.category, level: c.level as string,
  tags: c.tags.join(', '), price: (c.priceCents / 100).toFixed(2),
});

export function CourseDetails({ course, onReload }: { course: AuthoredCourse; onReload(): void }) {
  const [form, setForm] = useState(() => formOf(course));
  // The version the form's values came from: a save against a newer course is a CONFLICT.
  const [version, setVersion] = useState(course.version);
  const [state, update] = useMutation(UpdateCourseDetailsMutation);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => { setSaved(false); setForm((f) => ({ ...f, [k]: e.target.value })); };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await update({ id: course.id, input: {
      title: form.title.trim(), summary: form.summary.trim(), description: form.description.trim(), category: form.category.trim(),
      level: form.level as CourseLevel, tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean),
      priceCents: Math.round(Number(form.price || '0') * 100), expectedVersion: version,
    } });
    if (res.data) { setVersion(res.data.updateCourse.version); setSaved(true); }
  };
  // After a CONFLICT the instructor may drop their changes: the form takes the course's newer version once it arrives.
  const [discarding, setDiscarding] = useState(false);
  useEffect(() => {
    if (!discarding || course.version <= version) return;
    setForm(formOf(course)); setVersion(course.version); setDiscarding(false);
  }, [discarding, course, version]);
  const reload = () => { setDiscarding(true); onReload(); };
  return (
    <Card as="section" aria-labelledby="details">
      <Stack as="form" gap={3} onSubmit={submit} aria-label="Course details">
        <h2 id="details">Details</h2>
        {saved && <Alert tone="success">Details saved.</Alert>}
        {!discarding && <WriteError error={state.error} what="The course" onReload={reload} />}
        <TextField label="Course title" value={form.title} onChange={set('title')} required />
        <TextField label="Summary" value={form.summary} onChange={set('summary')} required />
        <TextArea label="Description" value={form.description} onChange={set('description')} required rows={5} />
        <TextField label="Category" value={form.category} onChange={set('category')} required />
        <SelectField label="Level" value={form.level} onChange={set('level')} options={[{ value: 'BEGINNER', label: 'Beginner' }, { value: 'INTERMEDIATE', label: 'Intermediate' }, { value: 'ADVANCED', label: 'Advanced' }]} />
        <TextField label="Tags" hint="Comma-separated" value={form.tags} onChange={set('tags')} />
        <TextField label={`Price (${course.currency}, 0 for free)`} type="number" min={0} step="0.01" value={form.price} onChange={set('price')} />
        <div><Button type="submit" busy={state.fetching}>Save details</Button></div>
      </Stack>
    </Card>
  );
}
