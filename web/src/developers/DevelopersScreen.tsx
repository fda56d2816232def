// The developer portal: a lazily loaded screen of its own (App.tsx), so that its data and styles
// never weigh on the main bundle; the reference and the changelog, the big parts, load on their own.
import { lazy, Suspense } from 'react';
import { Link } from '../lib/router.tsx';
import { Loading } from '../ui/index.tsx';
import { ExamplesPage } from './ExamplesPage.tsx';
import { GettingStartedPage } from './GettingStartedPage.tsx';
import { LimitsPage } from './LimitsPage.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';
import './developers.css';

const ReferencePage = lazy(() => import('./ReferencePage.tsx').then((m) => ({ default: m.ReferencePage })));
const ChangelogPage = lazy(() => import('./ChangelogPage.tsx').then((m) => ({ default: m.ChangelogPage })));

const PAGES = [
  { path: '/developers', label: 'Getting started' },
  { path: '/developers/reference', label: 'Schema reference' },
  { path: '/developers/examples', label: 'Examples' },
  { path: '/developers/webhooks', label: 'Webhooks' },
  { path: '/developers/limits', label: 'Limits and errors' },
  { path: '/developers/changelog', label: 'Changelog' },
];

function Page({ path }: { path: string }) {
  const type = /^\/developers\/reference\/([^/]+)$/.exec(path);
  if (type?.[1]) return <ReferencePage typeName={decodeURIComponent(type[1])} />;
  switch (path) {
    case '/developers/reference': return <ReferencePage />;
    case '/developers/examples': return <ExamplesPage />;
    case '/developers/webhooks': return <WebhooksPage />;
    case '/developers/limits': return <LimitsPage />;
    case '/developers/changelog': return <ChangelogPage />;
    default: return <GettingStartedPage />;
  }
}

export function DevelopersScreen({ path }: { path: string }) {
  const current = PAGES.findLast((page) => path === page.path || path.startsWith(`${page.path}/`))?.path;
  return (
    <div className="devportal">
      <nav className="devportal__nav" aria-label="Developer portal">
        <ul>
          {PAGES.map((page) => (
            <li key={page.path}>
              <Link to={page.path} aria-current={page.path === current ? 'page' : undefined}>{page.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="devportal__content">
        <Suspense fallback={<Loading />}>
          <Page path={path} />
        </Suspense>
      </div>
    </div>
  );
}
