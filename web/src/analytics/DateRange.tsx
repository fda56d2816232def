// The from/to picker of the analytics screens: two date fields (UTC days, both ends included);
// a range the API would refuse (reversed, or longer than 366 days) is said here and not asked.
import { useState, type FormEvent } from 'react';
import { Alert, Button, Row, Stack, TextField } from '../ui/index.tsx';
import { lastDays, rangeProblem, type DayRange } from './series.ts';

/** The last 30 days until the user applies another range. */
export function useDayRange(days = 30): [DayRange, (range: DayRange) => void] {
  return useState<DayRange>(() => lastDays(days));
}

export function DateRange({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  const [draft, setDraft] = useState(range);
  const problem = rangeProblem(draft);
  return (
    <Stack as="form" gap={2} aria-label="Date range" onSubmit={(e: FormEvent) => { e.preventDefault(); if (!problem) onChange(draft); }}>
      <Row gap={3}>
        <TextField label="From" type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <TextField label="To" type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <Button type="submit" disabled={problem !== null}>Show</Button>
        {[7, 30, 90].map((n) => (
          <Button key={n} variant="ghost" onClick={() => { const next = lastDays(n); setDraft(next); onChange(next); }}>Last {n} days</Button>
        ))}
      </Row>
      {problem && <Alert tone="error">{problem}</Alert>}
    </Stack>
  );
}
