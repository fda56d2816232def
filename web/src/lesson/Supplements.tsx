// A course's supplements: YouTube videos embedded from youtube-nocookie.com (no cookies until played),
// links and files. Members see them all, everyone else the public ones (the server decides).
import { useQuery } from 'urql';
import { Badge, Card, ErrorAlert, Stack } from '../ui/index.tsx';
import { formatBytes } from './format.ts';
import { SupplementsQuery } from './queries.ts';

const KIND_LABELS: Record<string, string> = { BOOK: 'Book', DOCUMENT: 'Document', FILE: 'File', LINK: 'Link', SLIDES: 'Slides', VIDEO: 'Video' };

export function Supplements({ courseId }: { courseId: string }) {
  const [{ data, error }] = useQuery({ query: SupplementsQuery, variables: { courseId }, requestPolicy: 'cache-and-network' });
  const items = data?.course?.supplements ?? [];
  if (!error && items.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="supplements">
      <Stack gap={3}>
        <h2 id="supplements">Supplements</h2>
        <ErrorAlert error={error} />
        <ul className="list" aria-label="Supplements">
          {items.map((s) => (
            <li key={s.id} className="supplement">
              <Stack gap={2}>
                <span><Badge>{KIND_LABELS[s.kind] ?? s.kind}</Badge> {s.youtubeId || !s.url ? <strong>{s.title}</strong> : <a href={s.url} target="_blank" rel="noopener noreferrer">{s.title}</a>}</span>
                {s.youtubeId && (
                  <div className="embed">
                    <iframe
                      src={`https://www.youtube-nocookie.com/embed/${encodeURIComponent(s.youtubeId)}`}
                      title={`YouTube video: ${s.title}`}
                      loading="lazy"
                      allow="accelerometer; encrypted-media; gyroscope; picture-in-picture"
                      referrerPolicy="strict-origin-when-cross-origin"
                      allowFullScreen
                    />
                  </div>
                )}
                {s.file && (s.file.downloadUrl
                  ? <span><a href={s.file.downloadUrl} download={s.file.fileName}>Download {s.file.fileName}</a> <span className="muted">· {formatBytes(s.file.byteSize)}</span></span>
                  : <span className="muted">{s.file.fileName} is being prepared.</span>)}
              </Stack>
            </li>
          ))}
        </ul>
      </Stack>
    </Card>
  );
}
