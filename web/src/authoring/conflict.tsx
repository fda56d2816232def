import type { CombinedError } from 'urql';
import { errorCode } from '../lib/errors.ts';
import { Alert, Button, ErrorAlert, Row } from '../ui/index.tsx';

/**
 * A version-guarded write's error: CONFLICT says plainly that someone else changed it since it was
 * read, and offers to load their version (what is typed here is then lost, so it is a choice).
 */
export function WriteError({ error, what, onReload }: { error: CombinedError | undefined; what: string; onReload(): void }) {
  if (!error) return null;
  if (errorCode(error) !== 'CONFLICT') return <ErrorAlert error={error} />;
  return (
    <Alert tone="error">
      <Row gap={2}>
        <span>{what} was changed elsewhere since you opened it, so your changes were not saved.</span>
        <Button variant="secondary" onClick={onReload}>Load the latest version</Button>
      </Row>
    </Alert>
  );
}
