import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { CourseLevel } from '../gql/graphql.ts';
import { CoverImage } from '../lesson/CoverImage.tsx';
import { Link } from '../lib/router.tsx';
import { useDebounced } from '../lib/useDebounced.ts';
import { Badge, Button, Card, Checkbox, Empty, ErrorAlert, formatPrice, Loading, Row, SelectField, Stack, TextField } from '../ui/index.tsx';

const CatalogQuery = graphql(`
  query Catalog($first: Int!, $after: String, $filter: CourseFilter) {
    categories
    courses(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { node { id title summary category level priceCents currency enrollmentCount instructor { id displayName } coverImage { id url width height } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const PAGE = 12;
const LEVELS = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;
type Filter = { search?: string; category?: string; level?: CourseLevel; freeOnly?: boolean };

/** One page of results; the last page offers "Load more" with its end cursor (cursor pagination). */
function ResultsPage({ filter, after, isLast, onMore, onMeta }: {
  filter: Filter; after: string | null; isLast: boolean; onMore(cursor: string): void; onMeta?(meta: { total: number; categories: string[] }): void;
}) {
  const [{ data: fresh, fetching, error }] = useQuery({ query: CatalogQuery, variables: { first: PAGE, after, filter } });
  // While a new search loads, the previous results stay (dimmed) instead of flashing a spinner.
  const previous = useRef(fresh);
  if (fresh) previous.current = fresh;
  const data = fresh ?? (fetching ? previous.current : undefined);
  const stale = !fresh && data !== undefined;
  const courses = data?.courses.edges.map((e) => e.node) ?? [];
  const total = data?.courses.totalCount;
  const categories = data?.categories;
  useEffect(() => {
    if (onMeta && total !== undefined && categories) onMeta({ total, categories: [...categories] });
  }, [onMeta, total, categories]);
  return (
    <>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading label="Loading courses…" />}
      {data && after === null && courses.length === 0 && <Empty>No course matches. Try another word or fewer filters.</Empty>}
      {courses.length > 0 && (
        <ul className={stale ? 'grid list stale' : 'grid list'} aria-busy={stale || undefined} aria-label={after ? 'More courses' : 'Courses'}>
          {courses.map((c) => (
            <Card as="li" key={c.id}>
              <Stack gap={2}>
                <CoverImage cover={c.coverImage} />
                <Row gap={2}><Badge>{c.category}</Badge><Badge>{c.level.toLowerCase()}</Badge></Row>
                <h2><Link to={`/courses/${c.id}`}>{c.title}</Link></h2>
                <p>{c.summary}</p>
                <p className="muted">by {c.instructor.displayName} · {c.enrollmentCount} enrolled</p>
                <span className="price">{formatPrice(c.priceCents, c.currency)}</span>
              </Stack>
            </Card>
          ))}
        </ul>
      )}
      {isLast && !stale && data?.courses.pageInfo.hasNextPage && data.courses.pageInfo.endCursor && (
        <div><Button variant="secondary" onClick={() => onMore(data.courses.pageInfo.endCursor as string)}>Load more</Button></div>
      )}
    </>
  );
}

export function CatalogScreen() {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [level, setLevel] = useState('');
  const [freeOnly, setFreeOnly] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const [meta, setMeta] = useState<{ total: number; categories: string[] } | null>(null);
  const term = useDebounced(search.trim(), 250);
  const filter: Filter = useMemo(() => ({
    ...(term ? { search: term } : {}),
    ...(category ? { category } : {}),
    ...(level ? { level: level as CourseLevel } : {}),
    ...(freeOnly ? { freeOnly: true } : {}),
  }), [term, category, level, freeOnly]);
  useEffect(() => setCursors([]), [filter]);
  const pages: (string | null)[] = [null, ...cursors];

  return (
    <Stack gap={6}>
      <h1>Course catalog</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <Row gap={4}>
          <div style={{ flex: '2 1 240px' }}><TextField label="Search courses" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Try “python”" /></div>
          <div style={{ flex: '1 1 160px' }}>
            <SelectField label="Category" value={category} onChange={(e) => setCategory(e.target.value)}
              options={[{ value: '', label: 'All categories' }, ...(meta?.categories ?? []).map((c) => ({ value: c, label: c }))]} />
          </div>
          <div style={{ flex: '1 1 160px' }}>
            <SelectField label="Level" value={level} onChange={(e) => setLevel(e.target.value)}
              options={[{ value: '', label: 'All levels' }, ...LEVELS.map((l) => ({ value: l, label: l[0] + l.slice(1).toLowerCase() }))]} />
          </div>
          <Checkbox label="Free only" checked={freeOnly} onChange={(e) => setFreeOnly(e.target.checked)} />
        </Row>
      </form>
      {meta && <p className="muted" role="status">{meta.total} course{meta.total === 1 ? '' : 's'}</p>}
      <Stack gap={4}>
        {pages.map((after, i) => (
          <ResultsPage key={after === null ? 'first' : `${JSON.stringify(filter)}:${after}`} filter={filter} after={after} isLast={i === pages.length - 1}
            onMore={(c) => setCursors((cs) => [...cs, c])} onMeta={i === 0 ? setMeta : undefined} />
        ))}
      </Stack>
    </Stack>
  );
}
