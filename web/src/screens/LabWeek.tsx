import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { addWeeks, startOfWeek, weekGrid } from '../lib/week.ts';
import { Alert, Button, Card, Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';

const AvailabilityQuery = graphql(`
  query LabAvailability($id: ID!, $from: DateTime!, $to: DateTime!) { lab(id: $id) { id title openHoursUtc availability(from: $from, to: $to) { start end available } } }
`);
const BookMutation = graphql(`
  mutation BookLab($labId: ID!, $slotStart: DateTime!) { bookLab(labId: $labId, slotStart: $slotStart) { id status slotStart slotEnd lab { id title } } }
`);

const dayLabel = (d: Date) => d.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
function rangeLabel(from: Date): string {
  const sunday = addWeeks(from, 1);
  sunday.setDate(sunday.getDate() - 1);
  return `${from.toLocaleDateString([], { day: 'numeric', month: 'short' })} – ${sunday.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}`;
}
export const slotLabel = (iso: string) => new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** A lab's availability as a week grid (local days × start times); a free cell books that slot. */
export function LabWeek({ labId, title }: { labId: string; title: string }) {
  const thisWeek = useMemo(() => startOfWeek(new Date()), []);
  const [offset, setOffset] = useState(0);
  const from = useMemo(() => addWeeks(thisWeek, offset), [thisWeek, offset]);
  const variables = { id: labId, from: from.toISOString(), to: addWeeks(from, 1).toISOString() };
  const [{ data, fetching, error }, refetch] = useQuery({ query: AvailabilityQuery, variables, requestPolicy: 'cache-and-network' });
  const [bookState, book] = useMutation(BookMutation);
  const grid = useMemo(() => weekGrid(from, data?.lab?.availability ?? []), [from, data]);
  // Opened from a card above it: bring the week into view and move focus to its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  // On a narrow screen the grid scrolls sideways: start it at today rather than at a past Monday.
  const scroller = useRef<HTMLDivElement>(null);
  const hasRows = grid.rows.length > 0;
  useEffect(() => {
    const box = scroller.current;
    const today = box?.querySelector<HTMLElement>('th.week__today');
    const time = box?.querySelector<HTMLElement>('thead th');
    if (box && today && time) box.scrollLeft = Math.max(0, today.offsetLeft - time.offsetWidth);
  }, [hasRows, offset]);
  const free = grid.rows.reduce((n, r) => n + r.cells.filter((c) => c?.available).length, 0);

  async function bookSlot(start: string) {
    await book({ labId, slotStart: start });
    // Someone may have taken other slots meanwhile: the week is read again whatever the answer.
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <Card as="section" aria-label={`Week of ${title}`}>
      <Stack gap={3}>
        <h2 ref={heading} tabIndex={-1}>{title}: week of {rangeLabel(from)}</h2>
        <Row gap={2}>
          <Button variant="ghost" disabled={offset === 0} onClick={() => setOffset(offset - 1)}>← Previous week</Button>
          {offset > 0 && <Button variant="ghost" onClick={() => setOffset(0)}>This week</Button>}
          <Button variant="ghost" disabled={offset >= 3} onClick={() => setOffset(offset + 1)}>Next week →</Button>
        </Row>
        <ErrorAlert error={error ?? bookState.error} />
        {bookState.data && !bookState.error && <Alert tone="success">Booked {slotLabel(bookState.data.bookLab.slotStart)}.</Alert>}
        {!data && fetching && <Loading label="Loading the week…" />}
        {data && grid.rows.length === 0 && <Empty>The lab is not open this week.</Empty>}
        {data && grid.rows.length > 0 && free === 0 && <p className="muted">No free slot left this week: try the next one.</p>}
        {grid.rows.length > 0 && (
          <div ref={scroller} className="week-scroll" tabIndex={0} aria-label="Week grid, scrolls sideways on small screens">
            <table className="week">
              <caption className="sr-only">{free} free one-hour slots in the week of {rangeLabel(from)}</caption>
              <thead>
                <tr><th scope="col">Time</th>{grid.days.map((d) => {
                  const today = d.toDateString() === new Date().toDateString();
                  return <th scope="col" key={d.toISOString()} aria-current={today ? 'date' : undefined} className={today ? 'week__today' : undefined}>{dayLabel(d)}</th>;
                })}</tr>
              </thead>
              <tbody>
                {grid.rows.map((row) => (
                  <tr key={row.time}>
                    <th scope="row">{row.time}</th>
                    {row.cells.map((cell, i) => (
                      <td key={grid.days[i]!.toISOString()}>
                        {cell === null ? <span className="muted" aria-label="closed">·</span>
                          : cell.available
                            ? <Button variant="secondary" className="btn btn--secondary week__slot" busy={bookState.fetching && bookState.operation?.variables.slotStart === cell.start}
                              disabled={bookState.fetching} aria-label={`Book ${slotLabel(cell.start)}`} onClick={() => void bookSlot(cell.start)}>Book</Button>
                            : new Date(cell.start) <= new Date()
                              ? <span className="muted" title="past">–<span className="sr-only">past</span></span>
                              : <span className="muted">taken</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Stack>
    </Card>
  );
}
