import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useSession } from '../lib/session.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, Loading, Stack, TextField } from '../ui/index.tsx';

const LabsQuery = graphql(`
  query Labs($filter: LabFilter) { labs(first: 20, filter: $filter) { totalCount edges { node { id title location equipment capacity } } } }
`);
const AvailabilityQuery = graphql(`
  query LabAvailability($id: ID!, $from: DateTime!, $to: DateTime!) { lab(id: $id) { id title availability(from: $from, to: $to) { start end available } } }
`);
const BookMutation = graphql(`
  mutation BookLab($labId: ID!, $slotStart: DateTime!) { bookLab(labId: $labId, slotStart: $slotStart) { id status slotStart slotEnd lab { id title } } }
`);
const MyBookingsQuery = graphql(`
  query MyLabBookings { myLabBookings { id status slotStart slotEnd lab { id title } } }
`);
const CancelMutation = graphql(`
  mutation CancelLabBooking($id: ID!) { cancelLabBooking(id: $id) { id status cancelledAt } }
`);

const when = (iso: string) => new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function Availability({ labId }: { labId: string }) {
  const range = useMemo(() => {
    const from = new Date();
    from.setUTCMinutes(0, 0, 0);
    from.setUTCHours(from.getUTCHours() + 1);
    return { from: from.toISOString(), to: new Date(from.getTime() + 7 * 86_400_000).toISOString() };
  }, []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: AvailabilityQuery, variables: { id: labId, ...range }, requestPolicy: 'cache-and-network' });
  const [bookState, book] = useMutation(BookMutation);
  const slots = data?.lab?.availability.filter((s) => s.available) ?? [];
  return (
    <Stack gap={3}>
      <h3>Free slots this week</h3>
      <ErrorAlert error={error ?? bookState.error} />
      {bookState.data && <Alert tone="success">Booked {when(bookState.data.bookLab.slotStart)}.</Alert>}
      {!data && fetching && <Loading label="Loading slots…" />}
      {data && slots.length === 0 && <Empty>No free slot in the next seven days.</Empty>}
      <div className="slots">
        {slots.slice(0, 24).map((s) => (
          <Button key={s.start} variant="secondary" disabled={bookState.fetching}
            onClick={async () => { await book({ labId, slotStart: s.start }); refetch({ requestPolicy: 'network-only' }); }}>{when(s.start)}</Button>
        ))}
      </div>
    </Stack>
  );
}

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
              <span>{b.lab.title} · {when(b.slotStart)} <Badge>{b.status.toLowerCase()}</Badge></span>
              {b.status === 'CONFIRMED' && new Date(b.slotStart) > new Date() && (
                <Button variant="ghost" aria-label={`Cancel ${b.lab.title} at ${when(b.slotStart)}`} onClick={() => void cancel({ id: b.id })}>Cancel</Button>
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
  const [open, setOpen] = useState<string | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: LabsQuery, variables: { filter: term ? { search: term } : {} } });
  const labs = data?.labs.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap={6}>
      <h1>Labs</h1>
      <TextField label="Search labs" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Equipment, place…" />
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading labs…" />}
      {data && labs.length === 0 && <Empty>No lab matches.</Empty>}
      <ul className="grid list" aria-label="Labs">
        {labs.map((l) => (
          <Card as="li" key={l.id}>
            <Stack gap={2}>
              <h2>{l.title}</h2>
              <p className="muted">{l.location} · {l.capacity} seats</p>
              <p>{l.equipment.join(', ')}</p>
              {session
                ? <Button variant={open === l.id ? 'ghost' : 'primary'} aria-expanded={open === l.id} onClick={() => setOpen(open === l.id ? null : l.id)}>{open === l.id ? 'Hide slots' : 'See free slots'}</Button>
                : <p className="muted">Sign in to book.</p>}
              {open === l.id && <Availability labId={l.id} />}
            </Stack>
          </Card>
        ))}
      </ul>
      {session && <MyBookings />}
    </Stack>
  );
}
