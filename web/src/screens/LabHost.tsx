// What a lab's host does with it on the Labs screen: edit it, and see who booked it.
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { LabsQuery } from '../gql/graphql.ts';
import { slotLabel } from './LabWeek.tsx';
import { Alert, Badge, Button, Empty, ErrorAlert, Loading, Row, Stack, TextArea, TextField } from '../ui/index.tsx';

const UpdateLabMutation = graphql(`
  mutation UpdateLab($id: ID!, $input: UpdateLabInput!) {
    updateLab(id: $id, input: $input) { id title description location capacity pricePerHourCents equipment openHoursUtc }
  }
`);
const LabBookingsQuery = graphql(`
  query LabBookings($id: ID!, $from: DateTime!) {
    lab(id: $id) { id bookings(from: $from, first: 50) { totalCount edges { node { id slotStart status user { id displayName } } } } }
  }
`);

/** A lab as the Labs screen lists it: the generated type of its query's node. */
export type EditableLab = Omit<LabsQuery['labs']['edges'][number]['node'], 'host' | '__typename'>;

const list = (value: string) => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

/** The lab's fields in a form; only what differs from the lab is sent. */
export function LabEditor({ lab, onDone }: { lab: EditableLab; onDone(): void }) {
  const [form, setForm] = useState({
    title: lab.title, description: lab.description, location: lab.location, capacity: String(lab.capacity),
    price: (lab.pricePerHourCents / 100).toFixed(2), equipment: lab.equipment.join(', '), hours: lab.openHoursUtc.join(', '),
  });
  const [state, update] = useMutation(UpdateLabMutation);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await update({ id: lab.id, input: {
      title: form.title, description: form.description, location: form.location, capacity: Number(form.capacity),
      pricePerHourCents: Math.round(Number(form.price || '0') * 100), equipment: list(form.equipment), openHoursUtc: list(form.hours).map(Number),
    } });
    if (res.data) onDone();
  };
  return (
    <Stack as="form" gap={3} onSubmit={submit} aria-label={`Edit ${lab.title}`}>
      <ErrorAlert error={state.error} />
      <TextField label="Title" value={form.title} onChange={set('title')} required minLength={3} maxLength={120} />
      <TextArea label="Description" value={form.description} onChange={set('description')} maxLength={5000} />
      <TextField label="Location" value={form.location} onChange={set('location')} required maxLength={200} />
      <TextField label="Capacity" type="number" min={1} max={500} value={form.capacity} onChange={set('capacity')} required />
      <TextField label="Price per hour (EUR, 0 for free)" type="number" min={0} step="0.01" value={form.price} onChange={set('price')} />
      <TextField label="Equipment" hint="Comma-separated, for example: Microscope, Centrifuge" value={form.equipment} onChange={set('equipment')} />
      <TextField label="Open hours (UTC)" hint="Start hours 0 to 23, comma-separated. Existing bookings are kept." value={form.hours} onChange={set('hours')} required />
      <Row gap={2}>
        <Button type="submit" busy={state.fetching}>Save</Button>
        <Button variant="ghost" onClick={onDone}>Cancel</Button>
      </Row>
    </Stack>
  );
}

/** The lab's upcoming bookings, cancelled ones too, with who made them. */
export function LabBookings({ labId, title }: { labId: string; title: string }) {
  // Fixed when the list opens, so that the query's variables stay the same while it is shown.
  const from = useMemo(() => new Date().toISOString(), []);
  const [{ data, fetching, error }] = useQuery({ query: LabBookingsQuery, variables: { id: labId, from }, requestPolicy: 'cache-and-network' });
  const bookings = data?.lab?.bookings;
  return (
    <Stack gap={2} as="section" aria-label={`Bookings of ${title}`}>
      <h3>Upcoming bookings</h3>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading bookings…" />}
      {bookings && bookings.totalCount === 0 && <Empty>No upcoming bookings.</Empty>}
      {bookings && bookings.totalCount > bookings.edges.length && <Alert>The first {bookings.edges.length} of {bookings.totalCount} upcoming bookings.</Alert>}
      <ul className="list">
        {bookings?.edges.map(({ node: b }) => (
          <li key={b.id} className="lesson">
            <span>{slotLabel(b.slotStart)} · {b.user.displayName}</span>
            <Badge>{b.status.toLowerCase()}</Badge>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
