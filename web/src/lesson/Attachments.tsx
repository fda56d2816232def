// A lesson's downloadable files: name, kind and size; the link is the signed download URL.
import { Card, Stack } from '../ui/index.tsx';
import { formatBytes } from './format.ts';

export interface Attachment { id: string; kind: string; status: string; fileName: string; byteSize: number; downloadUrl?: string | null }

export function Attachments({ files }: { files: Attachment[] }) {
  if (files.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="attachments">
      <Stack gap={2}>
        <h2 id="attachments">Downloads</h2>
        <ul className="list" aria-label="Downloads">
          {files.map((f) => (
            <li key={f.id} className="lesson">
              {f.downloadUrl
                ? <a href={f.downloadUrl} download={f.fileName}>{f.fileName}</a>
                : <span>{f.fileName} <span className="muted">(being prepared)</span></span>}
              <span className="muted">{f.kind.toLowerCase()} · {formatBytes(f.byteSize)}</span>
            </li>
          ))}
        </ul>
      </Stack>
    </Card>
  );
}
