import { useState } from 'react';
import { Button, Row } from '../ui/index.tsx';

/** A labelled block of code with a button that copies it. */
export function CodeBlock({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <figure style={{ margin: 0 }}>
      <Row gap={2} style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <figcaption className="muted">{label}</figcaption>
        <Button variant="ghost" onClick={copy} aria-label={`Copy ${label}`}>{copied ? 'Copied' : 'Copy'}</Button>
      </Row>
      <pre><code>{code}</code></pre>
    </figure>
  );
}
