// The instructor's gradebook of a course: every enrolled student × every exercise with the best
// score, attempts and last attempt; sortable by student, total or any exercise's score; the whole
// course as a CSV file; the course's grade appeals below it.
import { useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { GradebookQuery } from '../gql/graphql.ts';
import { Link } from '../lib/router.tsx';
import { Button, Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';
import { CourseAppeals } from './CourseAppeals.tsx';
import { formatScore } from './format.ts';

const GradebookPage = graphql(`
  query Gradebook($courseId: ID!, $after: String) {
    course(id: $courseId) { id title }
    # 25 students a page: with up to 100 exercises a row, a page stays under the cost limit.
    gradebook(courseId: $courseId, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      exercises { id title maxScore }
      edges { cursor node { student { id displayName } scorePercent cells { bestScore maxScore attempts lastAttemptAt } } }
    }
  }
`);

const ExportGradebook = graphql(`
  query ExportGradebook($courseId: ID!) { exportGradebook(courseId: $courseId) }
`);

type StudentRow = NonNullable<GradebookQuery['gradebook']>['edges'][number]['node'];
/** 'student', 'total', or the index of an exercise's column. */
type SortKey = 'student' | 'total' | number;

function sortValue(row: StudentRow, key: SortKey): string | number {
  if (key === 'student') return row.student.displayName.toLowerCase();
  if (key === 'total') return row.scorePercent;
  return row.cells[key]?.bestScore ?? -1;
}

/** Saves text as a file through a temporary link: the CSV never leaves the browser again. */
function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function GradebookScreen({ courseId }: { courseId: string }) {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: GradebookPage, variables: { courseId, after }, requestPolicy: 'cache-and-network' });
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'student', descending: false });
  const [exporting, setExporting] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const client = useClient();
  const book = data?.gradebook;
  const rows = useMemo(() => {
    const list = [...(book?.edges.map((e) => e.node) ?? [])];
    list.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const order = x < y ? -1 : x > y ? 1 : 0;
      return sort.descending ? -order : order;
    });
    return list;
  }, [book, sort]);

  const exportCsv = async () => {
    setExporting({ busy: true });
    const res = await client.query(ExportGradebook, { courseId }, { requestPolicy: 'network-only' }).toPromise();
    if (res.data?.exportGradebook) download(res.data.exportGradebook, `gradebook-${(data?.course?.title ?? courseId).replace(/[^\w-]+/g, '-').toLowerCase()}.csv`);
    setExporting({ busy: false, ...(res.error ? { error: res.error } : {}) });
  };

  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, descending: active ? !sort.descending : key !== 'student' })}>
          {label}{active ? (sort.descending ? ' ↓' : ' ↑') : ''}
        </button>
      </th>
    );
  };

  if (error && !book) return <ErrorAlert error={error} />;
  if (!book) return fetching ? <Loading label="Loading the gradebook…" /> : <Empty>No gradebook.</Empty>;
  return (
    <Stack gap={5}>
      <Row gap={2}>
        <h1 style={{ margin: 0 }}>Gradebook{data?.course ? `: ${data.course.title}` : ''}</h1>
        <Link to={`/teach/${courseId}`}>Back to the course</Link>
      </Row>
      <Row gap={2}>
        <span className="muted">{book.totalCount} {book.totalCount === 1 ? 'student' : 'students'} · {book.exercises.length} {book.exercises.length === 1 ? 'exercise' : 'exercises'}</span>
        <Button variant="secondary" busy={exporting.busy} onClick={() => void exportCsv()}>Export CSV</Button>
      </Row>
      <ErrorAlert error={exporting.error} />
      {rows.length === 0 ? <Empty>No students are enrolled yet.</Empty> : (
        <div className="table-scroll" role="region" aria-label="Gradebook table" tabIndex={0}>
          <table className="gradebook">
            <thead>
              <tr>
                {header('student', 'Student')}
                {header('total', 'Total')}
                {book.exercises.map((x, i) => <th key={x.id} scope="col" aria-sort={sort.key === i ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="sort-button" onClick={() => setSort({ key: i, descending: sort.key === i ? !sort.descending : true })}>
                    {x.title} <span className="muted">/ {x.maxScore}</span>{sort.key === i ? (sort.descending ? ' ↓' : ' ↑') : ''}
                  </button>
                </th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.student.id}>
                  <th scope="row">{row.student.displayName}</th>
                  <td>{formatScore(row.scorePercent)}%</td>
                  {row.cells.map((cell, i) => (
                    <td key={i} title={cell.lastAttemptAt ? `Last attempt ${new Date(cell.lastAttemptAt).toLocaleString()}` : 'No attempt'}>
                      {cell.bestScore === null ? <span className="muted">—</span> : formatScore(cell.bestScore)}
                      {cell.attempts > 0 && <span className="muted"> · {cell.attempts} {cell.attempts === 1 ? 'try' : 'tries'}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Row gap={2}>
        {after && <Button variant="ghost" onClick={() => setAfter(null)}>First page</Button>}
        {book.pageInfo.hasNextPage && <Button variant="ghost" onClick={() => setAfter(book.pageInfo.endCursor ?? null)}>Next page</Button>}
      </Row>
      <CourseAppeals courseId={courseId} onResolved={() => refetch({ requestPolicy: 'network-only' })} />
    </Stack>
  );
}
