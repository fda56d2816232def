// Community events of a course or a study group: upcoming first, RSVP within the capacity, an
// .ics file for a calendar app, and a form for those who may schedule one (course staff, group owner).
import { useCallback, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { EventFieldsFragment, RsvpResponse } from '../../gql/graphql.ts';
import { useCatchUpOnReconnect } from '../../lib/session.tsx';
import { Alert, Button, Card, Empty, ErrorAlert, Loading, Row, Stack, TextField } from '../../ui/index.tsx';

export const EventFields = graphql(`
  fragment EventFields on CommunityEvent {
    id title description startsAt endsAt durationMinutes onlineUrl place capacity goingCount maybeCount spotsLeft viewerRsvp
    organizer { id displayName }
  }
`);

const CourseEventsQuery = graphql(`
  query CourseEvents($courseId: ID!) { courseEvents(courseId: $courseId, first: 20) { totalCount edges { node { ...EventFields } } } }
`);
const GroupEventsQuery = graphql(`
  query GroupEvents($groupId: ID!) { studyGroup(id: $groupId) { id events(first: 20) { totalCount edges { node { ...EventFields } } } } }
`);
const RsvpMutation = graphql(`
  mutation Rsvp($eventId: ID!, $response: RsvpResponse!) { rsvp(eventId: $eventId, response: $response) { ...EventFields } }
`);
const IcsQuery = graphql(`
  query EventIcs($id: ID!) { communityEvent(id: $id) { id title ics } }
`);
const ScheduleMutation = graphql(`
  mutation ScheduleEvent($input: ScheduleEventInput!) { scheduleEvent(input: $input) { ...EventFields } }
`);

const RESPONSES: { value: RsvpResponse; label: string }[] = [
  { value: 'GOING', label: 'Going' },
  { value: 'MAYBE', label: 'Maybe' },
  { value: 'NO', label: 'Not going' },
];

/** Hands the browser a file, as a calendar app imports it. */
function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function EventCard({ event }: { event: EventFieldsFragment }) {
  const [rsvpState, rsvp] = useMutation(RsvpMutation);
  const [icsState, setIcsState] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const client = useClient();
  const starts = new Date(event.startsAt);
  const fetchIcs = async () => {
    setIcsState({ busy: true });
    const res = await client.query(IcsQuery, { id: event.id }, { requestPolicy: 'network-only' }).toPromise();
    if (res.data?.communityEvent) download(`${event.title.replace(/[^\w -]+/g, '').slice(0, 40) || 'event'}.ics`, res.data.communityEvent.ics, 'text/calendar');
    setIcsState({ busy: false, error: res.error });
  };
  return (
    <li className="qa-item" aria-label={`Event: ${event.title}`}>
      <Stack gap={2}>
        <strong>{event.title}</strong>
        <span className="muted">
          {starts.toLocaleString()} · {event.durationMinutes} min · {event.onlineUrl ? <a href={event.onlineUrl} rel="noreferrer noopener" target="_blank">online</a> : event.place}
        </span>
        {event.description && <p>{event.description}</p>}
        <span aria-live="polite" data-testid="event-places">{event.goingCount} going · {event.maybeCount} maybe · {event.spotsLeft} of {event.capacity} places left</span>
        <Row gap={2}>
          {RESPONSES.map((r) => (
            <Button key={r.value} variant={event.viewerRsvp === r.value ? 'primary' : 'secondary'} aria-pressed={event.viewerRsvp === r.value}
              disabled={rsvpState.fetching || (r.value === 'GOING' && event.spotsLeft === 0 && event.viewerRsvp !== 'GOING')}
              onClick={() => void rsvp({ eventId: event.id, response: r.value })}>{r.label}</Button>
          ))}
          <Button variant="ghost" busy={icsState.busy} onClick={() => void fetchIcs()}>Add to calendar (.ics)</Button>
        </Row>
        <ErrorAlert error={rsvpState.error ?? icsState.error} />
      </Stack>
    </li>
  );
}

function ScheduleForm({ owner, onDone }: { owner: { courseId: string } | { groupId: string }; onDone: () => void }) {
  const [state, schedule] = useMutation(ScheduleMutation);
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState('');
  const [duration, setDuration] = useState('60');
  const [where, setWhere] = useState('');
  const [capacity, setCapacity] = useState('20');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const online = /^https?:\/\//i.test(where.trim());
    const res = await schedule({
      input: {
        ...owner, title, startsAt: new Date(when).toISOString(), durationMinutes: Number(duration), capacity: Number(capacity),
        ...(online ? { onlineUrl: where.trim() } : { place: where }),
      },
    });
    if (res.data) {
      setTitle('');
      onDone();
    }
  };
  return (
    <Stack as="form" gap={2} onSubmit={submit} aria-label="Schedule an event">
      <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} required />
      <TextField label="Starts at" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
      <Row gap={2}>
        <TextField label="Minutes" type="number" min={5} max={1440} value={duration} onChange={(e) => setDuration(e.target.value)} />
        <TextField label="Places" type="number" min={1} max={1000} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
      </Row>
      <TextField label="Link or place" hint="An https:// link for an online event, otherwise where it takes place" value={where} onChange={(e) => setWhere(e.target.value)} required />
      <ErrorAlert error={state.error} />
      <div><Button type="submit" busy={state.fetching}>Schedule</Button></div>
    </Stack>
  );
}

function EventList({ events, fetching, error }: { events: EventFieldsFragment[] | undefined; fetching: boolean; error: Error | undefined }) {
  return (
    <>
      <ErrorAlert error={error} />
      {!events && fetching && <Loading label="Loading the events…" />}
      {events && events.length === 0 && <Empty>No events scheduled yet.</Empty>}
      <ul className="list" aria-label="Events">{events?.map((e) => <EventCard key={e.id} event={e} />)}</ul>
    </>
  );
}

export function CourseEvents({ courseId, canSchedule }: { courseId: string; canSchedule: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CourseEventsQuery, variables: { courseId }, requestPolicy: 'cache-and-network' });
  const again = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useCatchUpOnReconnect(again);
  const [open, setOpen] = useState(false);
  const events = data?.courseEvents?.edges.map((e) => e.node as EventFieldsFragment);
  return (
    <Card as="section" aria-labelledby="course-events">
      <Stack gap={3}>
        <div className="section-head"><h2 id="course-events">Events</h2>{canSchedule && <Button variant="ghost" onClick={() => setOpen(!open)}>{open ? 'Close' : 'Schedule an event'}</Button>}</div>
        {open && <ScheduleForm owner={{ courseId }} onDone={() => { setOpen(false); again(); }} />}
        <EventList events={events} fetching={fetching} error={error} />
      </Stack>
    </Card>
  );
}

export function GroupEvents({ groupId, canSchedule }: { groupId: string; canSchedule: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: GroupEventsQuery, variables: { groupId }, requestPolicy: 'cache-and-network' });
  const again = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useCatchUpOnReconnect(again);
  const [open, setOpen] = useState(false);
  const events = data?.studyGroup?.events?.edges.map((e) => e.node as EventFieldsFragment);
  return (
    <Card as="section" aria-labelledby="group-events">
      <Stack gap={3}>
        <div className="section-head"><h2 id="group-events">Group events</h2>{canSchedule && <Button variant="ghost" onClick={() => setOpen(!open)}>{open ? 'Close' : 'Schedule an event'}</Button>}</div>
        {open && <ScheduleForm owner={{ groupId }} onDone={() => { setOpen(false); again(); }} />}
        {!canSchedule && events?.length === 0 && <Alert>The group's owner schedules its events.</Alert>}
        <EventList events={events} fetching={fetching} error={error} />
      </Stack>
    </Card>
  );
}
