import type { ReactNode } from 'react';
import { Card, Stack } from '../ui/index.tsx';

/** A titled card of a portal page, labelled by its heading. */
export function Section({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <Card as="section" aria-labelledby={id}>
      <Stack gap={3}>
        <h2 id={id}>{title}</h2>
        {children}
      </Stack>
    </Card>
  );
}
