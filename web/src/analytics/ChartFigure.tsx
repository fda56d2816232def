// Every chart of the analytics screens sits in one of these: a titled figure with a one-sentence
// summary of its numbers, and a "Show as table" toggle that renders the same numbers as a table
// (for screen readers, keyboard users and anyone who wants the exact figures).
import { useId, useState, type ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';
import { Button } from '../ui/index.tsx';

export interface Column<T> {
  label: string;
  value: (row: T) => string | number;
}

export function ChartFigure<T>({ title, summary, columns, rows, rowKey, height = 240, plain = false, children }: {
  title: string;
  summary: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  height?: number;
  /** A picture drawn in HTML (the heatmap) rather than a recharts chart to size. */
  plain?: boolean;
  /** The recharts chart (without its container), or the plain picture. */
  children: ReactElement;
}) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <figure className="chart card" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h3 id={`${id}-title`} className="chart__title">{title}</h3>
        <Button variant="ghost" aria-expanded={asTable} aria-controls={`${id}-body`} aria-label={`${asTable ? 'Show as chart' : 'Show as table'}: ${title}`} onClick={() => setAsTable(!asTable)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </Button>
      </div>
      <figcaption className="muted">{summary}</figcaption>
      <div id={`${id}-body`}>
        {asTable ? (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="sr-only">{title}</caption>
              <thead><tr>{columns.map((c) => <th key={c.label} scope="col">{c.label}</th>)}</tr></thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={rowKey(row)}>{columns.map((c, i) => (i === 0 ? <th key={c.label} scope="row">{c.value(row)}</th> : <td key={c.label}>{c.value(row)}</td>))}</tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : plain ? children : (
          // The summary above says in words what the picture shows.
          <div className="chart__plot" aria-hidden="true" style={{ height }}>
            <ResponsiveContainer width="100%" height="100%">{children}</ResponsiveContainer>
          </div>
        )}
      </div>
    </figure>
  );
}
