// The API schema's changelog since the released baseline, computed at build time by the same
// breaking-change check CI runs (tools/portal/changelog.ts).
import changelog from 'virtual:developer-portal/changelog';
import type { ChangelogEntry } from '../../../tools/portal/model.ts';
import { Link } from '../lib/router.tsx';
import { Empty, Stack } from '../ui/index.tsx';
import { Section } from './Section.tsx';

const typeOf = (entry: ChangelogEntry) => entry.path.split('.')[0] ?? entry.path;

function byType(entries: ChangelogEntry[]): [string, ChangelogEntry[]][] {
  const groups = new Map<string, ChangelogEntry[]>();
  for (const entry of entries) groups.set(typeOf(entry), [...(groups.get(typeOf(entry)) ?? []), entry]);
  return [...groups];
}

function Grouped({ entries }: { entries: ChangelogEntry[] }) {
  return (
    <ul className="list">
      {byType(entries).map(([type, group]) => (
        <li key={type}>
          <details>
            <summary>{type} — {group.length} change{group.length === 1 ? '' : 's'}</summary>
            <ul>
              {group.map((entry) => <li key={`${entry.path}:${entry.message}`}>{entry.message}</li>)}
              <li><Link to={`/developers/reference/${type}`}>{type} in the reference</Link></li>
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}

export function ChangelogPage() {
  return (
    <Stack gap={4}>
      <h1>API changelog</h1>
      <p>
        Changes since the last released API (<code>{changelog.baselineFile}</code>). A change that could break a client is refused by the
        project's checks unless it is declared with a reason; those are listed first.
      </p>
      <Section id="breaking" title={`Breaking changes (${changelog.breaking.length})`}>
        {changelog.breaking.length === 0 ? <Empty>None.</Empty> : (
          <table>
            <thead><tr><th scope="col">Where</th><th scope="col">Change</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {changelog.breaking.map((entry) => (
                <tr key={`${entry.path}:${entry.message}`}><th scope="row"><code>{entry.path}</code></th><td>{entry.message}</td><td>{entry.reason ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="added" title={`Added (${changelog.added.length})`}>
        {changelog.added.length === 0 ? <Empty>Nothing yet.</Empty> : <Grouped entries={changelog.added} />}
      </Section>
      {changelog.other.length > 0 && (
        <Section id="other" title={`Other changes (${changelog.other.length})`}>
          <Grouped entries={changelog.other} />
        </Section>
      )}
    </Stack>
  );
}
