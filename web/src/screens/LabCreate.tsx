// A host (INSTRUCTOR or ADMIN) creates a lab from the Labs screen; photos are added on its card.
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql/index.ts';
import { Button, Card, ErrorAlert, Row, Stack, TextArea, TextField } from '../ui/index.tsx';

const CreateLabMutation = graphql(`
  mutation CreateLab($input: CreateLabInput!) { createLab(input: $input) { id title } }
`);

const EMPTY = { title: '', description: '', location: '', capacity: '8', price: '0', equipment: '' };

export function LabCreator({ onCreated, onCancel }: { onCreated(lab: { id: string; title: string }): void; onCancel(): void }) {
  const [form, setForm] = useState(EMPTY);
  const [state, create] = useMutation(CreateLabMutation);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await create({ input: {
      title: form.title.trim(), description: form.description.trim(), location: form.location.trim(), capacity: Number(form.capacity),
      pricePerHourCents: Math.round(Number(form.price || '0') * 100),
      equipment: form.equipment.split(',').map((item) => item.trim()).filter(Boolean),
    } });
    if (res.data) { setForm(EMPTY); onCreated(res.data.createLab); }
  };
  return (
    <Card as="section" aria-labelledby="new-lab">
      <Stack as="form" gap={3} onSubmit={submit} aria-label="New lab">
        <h2 id="new-lab">New lab</h2>
        <ErrorAlert error={state.error} />
        <TextField label="Lab title" value={form.title} onChange={set('title')} required minLength={3} maxLength={120} />
        <TextArea label="Lab description" value={form.description} onChange={set('description')} maxLength={5000} />
        <TextField label="Location" value={form.location} onChange={set('location')} required maxLength={200} />
        <TextField label="Capacity" type="number" min={1} max={500} value={form.capacity} onChange={set('capacity')} required />
        <TextField label="Price per hour (EUR, 0 for free)" type="number" min={0} step="0.01" value={form.price} onChange={set('price')} />
        <TextField label="Equipment" hint="Comma-separated, for example: Microscope, Centrifuge" value={form.equipment} onChange={set('equipment')} />
        <Row gap={2}>
          <Button type="submit" busy={state.fetching}>Create lab</Button>
          <Button variant="ghost" onClick={onCancel}>Cancel</Button>
        </Row>
      </Stack>
    </Card>
  );
}
