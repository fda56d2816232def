import type { BaseContext, SubgraphDefinition } from '@lg/platform';
import type { PrivacyService } from './service.ts';

/**
 * GET /data-exports/<id>?expires=…&signature=…: the export as a JSON file. The signed link is the
 * credential (a download started by the browser carries no bearer token), so it is short-lived.
 * Any bad, expired or tampered link is the same 404, revealing nothing.
 */
type App = Parameters<NonNullable<SubgraphDefinition<BaseContext>['routes']>>[0];

export function privacyRoutes(privacy: PrivacyService): (app: App) => void {
  return (app) => {
    app.get('/data-exports/:id', async (req, res) => {
      try {
        const doc = await privacy.byDownloadLink(req.params.id, String(req.query.expires ?? ''), String(req.query.signature ?? ''));
        if (!doc) {
          res.status(404).json({ error: 'This download link is invalid or has expired; ask for a new one.' });
          return;
        }
        res.setHeader('Content-Disposition', `attachment; filename="learning-graph-export-${doc._id}.json"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.type('application/json').send(JSON.stringify(await privacy.content(doc), null, 2));
      } catch {
        res.status(500).json({ error: 'The export could not be read; try again.' });
      }
    });
  };
}
