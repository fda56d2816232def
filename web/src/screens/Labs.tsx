import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useSession } from '../lib/session.tsx';
import { LabWeek, slotLabel } from './LabWeek.tsx';
import { LabBookings, LabEditor } from './LabHost.tsx';
import { LabCreator } from './LabCreate.tsx';
import { LabPhotosEditor } from '../authoring/LabPhotos.tsx';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack, TextField } from '../ui/index.tsx';

const LabsQuery = graphql(`
  query Labs($filter: LabFilter) {
    labs(first: 20, filter: $filter) {
      totalCount edges { node { id title description location equipment capacity pricePerHourCents openHoursUtc host { id } photos { id url fileName } } }
    }
  }
`);
const MyBookingsQuery = graphql(`
  query MyLabBookings { myLabBookings { id status slotStart slotEnd lab { id title } } }
`);
const CancelMutation = graphql(`
  mutation CancelLabBooking($id: ID!) { cancelLabBooking(id: $id) { id status cancelledAt lab { id } } }
`);

function MyBookings() {
  const [{ data, error }] = useQuery({ query: MyBookingsQuery, requestPolicy: 'cache-and-network' });
  const [cancelState, cancel] = useMutation(CancelMutation);
  const bookings = data?.myLabBookings ?? [];
  return (
    <Card as="section" aria-labelledby="bookings">
      <Stack gap={3}>
        <h2 id="bookings">My bookings</h2>
        <ErrorAlert error={error ?? cancelState.error} />
        {data && bookings.length === 0 && <Empty>No bookings yet.</Empty>}
        <ul className="list">
          {bookings.map((b) => (
            <li key={b.id} className="lesson">
              <span>{b.lab.title} · {slotLabel(b.slotStart)} <Badge>{b.status.toLowerCase()}</Badge></span>
              {b.status === 'CONFIRMED' && new Date(b.slotStart) > new Date() && (
                <Button variant="ghost" aria-label={`Cancel ${b.lab.title} at ${slotLabel(b.slotStart)}`} onClick={() => void cancel({ id: b.id })}>Cancel</Button>
              )}
            </li>
          ))}
        </ul>
      </Stack>
    </Card>
  );
}

export function LabsScreen() {
  const { session } = useSession();
  const [search, setSearch] = useState('');
  const term = useDebounced(search.trim());
  const [open, setOpen] = useState<{ id: string; title: string } | null>(null);
  // One host panel at a time: the edit form or the bookings of one of the viewer's own labs.
  const [hosting, setHosting] = useState<{ id: string; panel: 'edit' | 'bookings' | 'photos' } | null>(null);
  const [creating, setCreating] = useState(false);
  const hosts = session?.user.roles.some((r) => r === 'INSTRUCTOR' || r === 'ADMIN') ?? false;
  const panelOf = (id: string) => (hosting?.id === id ? hosting.panel : null);
  const toggle = (id: string, panel: 'edit' | 'bookings' | 'photos') => setHosting(panelOf(id) === panel ? null : { id, panel });
  const [{ data, fetching, error }, refetch] = useQuery({ query: LabsQuery, variables: { filter: term ? { search: term } : {} } });
  const labs = data?.labs.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap={6}>
      <Row gap={2}>
        <h1 style={{ margin: 0 }}>Labs</h1>
        {hosts && !creating && <Button variant="secondary" onClick={() => setCreating(true)}>New lab</Button>}
      </Row>
      {creating && (
        <LabCreator onCancel={() => setCreating(false)} onCreated={(lab) => {
          setCreating(false);
          setHosting({ id: lab.id, panel: 'photos' });
          refetch({ requestPolicy: 'network-only' });
        }} />
      )}
      <TextField label="Search labs" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Equipment, place…" />
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading labs…" />}
      {data && labs.length === 0 && <Empty>No lab matches.</Empty>}
      <ul className="grid list" aria-label="Labs">
        {labs.map((l) => (
          <Card as="li" key={l.id}>
            <Stack gap={2}>
              {l.photos.length > 0 && (
                <ul className="lab-photos" aria-label={`Photos of ${l.title}`}>
                  {l.photos.map((p) => p.url && <li key={p.id}><img src={p.url} alt={`${l.title}: ${p.fileName}`} loading="lazy" /></li>)}
                </ul>
              )}
              <h2>{l.title}</h2>
              <p className="muted">{l.location} · {l.capacity} seats</p>
              <p>{l.equipment.join(', ')}</p>
              {session
                ? <Button variant={open?.id === l.id ? 'ghost' : 'primary'} aria-expanded={open?.id === l.id} onClick={() => setOpen(open?.id === l.id ? null : l)}>{open?.id === l.id ? 'Hide the week' : 'See the week'}</Button>
                : <p className="muted">Sign in to book.</p>}
              {session && l.host.id === session.user.id && (
                <>
                  <Row gap={2}>
                    <Button variant="secondary" aria-label={`Edit ${l.title}`} aria-expanded={panelOf(l.id) === 'edit'} onClick={() => toggle(l.id, 'edit')}>Edit</Button>
                    <Button variant="secondary" aria-label={`Bookings of ${l.title}`} aria-expanded={panelOf(l.id) === 'bookings'} onClick={() => toggle(l.id, 'bookings')}>Bookings</Button>
                    <Button variant="secondary" aria-label={`Photos of ${l.title}`} aria-expanded={panelOf(l.id) === 'photos'} onClick={() => toggle(l.id, 'photos')}>Photos</Button>
                  </Row>
                  {panelOf(l.id) === 'edit' && <LabEditor lab={l} onDone={() => setHosting(null)} />}
                  {panelOf(l.id) === 'bookings' && <LabBookings labId={l.id} title={l.title} />}
                  {panelOf(l.id) === 'photos' && <LabPhotosEditor lab={l} />}
                </>
              )}
            </Stack>
          </Card>
        ))}
      </ul>
      {session && open && <LabWeek key={open.id} labId={open.id} title={open.title} />}
      {session && <MyBookings />}
    </Stack>
  );
}
