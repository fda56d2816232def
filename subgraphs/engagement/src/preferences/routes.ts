import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from '@lg/platform';
import { KIND_LABELS } from './kinds.ts';
import type { PreferencesService } from './service.ts';

export const UNSUBSCRIBE_PATH = '/mail/unsubscribe';

/**
 * The List-Unsubscribe target, public on the gateway's origin: GET shows a page with one button
 * (mail scanners follow GET links, so GET changes nothing); POST unsubscribes — from that button,
 * or straight from a mail client's one-click (RFC 8058: `List-Unsubscribe=One-Click` in the body).
 */
export function unsubscribeRoutes(app: Express, preferences: PreferencesService, logger: Logger): void {
  const tokenOf = (req: Request) => {
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const body = req.body as Record<string, unknown> | undefined;
    return fromQuery ?? (typeof body?.token === 'string' ? body.token : '');
  };
  app.get(UNSUBSCRIBE_PATH, (req: Request, res: Response) => {
    const token = tokenOf(req);
    let kinds: string;
    try {
      kinds = preferences.unsubscribeTarget(token).map((k) => KIND_LABELS[k]).join(', ');
    } catch {
      page(res, 400, 'This link is not valid', '<p>Use the link from the mail exactly as it is, or change your notification settings after signing in.</p>');
      return;
    }
    page(res, 200, 'Stop these emails?', `<p>You will no longer get emails about: <strong>${escape(kinds)}</strong>.</p>
<form method="post" action="${UNSUBSCRIBE_PATH}"><input type="hidden" name="token" value="${escape(token)}"><button type="submit">Unsubscribe</button></form>`);
  });
  app.post(UNSUBSCRIBE_PATH, express.urlencoded({ extended: false, limit: '4kb' }), async (req: Request, res: Response) => {
    try {
      const settings = await preferences.unsubscribe(tokenOf(req));
      page(res, 200, 'Unsubscribed', `<p>Done: no more emails about ${escape(settings.map((s) => KIND_LABELS[s.kind]).join(', '))}. You can turn them on again in your notification settings.</p>`);
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code !== 'BAD_USER_INPUT') logger.warn({ err: error }, 'unsubscribe failed');
      const invalid = (error as { extensions?: { code?: string } }).extensions?.code === 'BAD_USER_INPUT';
      page(res, invalid ? 400 : 500, invalid ? 'This link is not valid' : 'Something went wrong', invalid ? '<p>Use the link from the mail exactly as it is.</p>' : '<p>Try again in a moment.</p>');
    }
  });
}

function page(res: Response, status: number, title: string, body: string): void {
  res.status(status).set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' })
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)} · Learning Graph</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>${escape(title)}</h1>${body}</body></html>`);
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
