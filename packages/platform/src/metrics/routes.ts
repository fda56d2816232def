import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Metrics } from './metrics.ts';

const scrape = (metrics: Metrics): RequestHandler => async (_req, res, next) => {
  try {
    const { contentType, body } = await metrics.exposition();
    res.type(contentType).send(body);
  } catch (error) {
    next(error);
  }
};

/**
 * /metrics on a service's own app, outside production only: in production the public port never
 * shows them (operation names, volumes); they are on METRICS_PORT (startMetricsServer).
 */
export function metricsRoute(app: Express, metrics: Metrics, config: Config): void {
  if (!config.production) app.get('/metrics', scrape(metrics));
}

/** The process's /metrics on METRICS_HOST:METRICS_PORT, when METRICS_PORT is set. */
export async function startMetricsServer(metrics: Metrics, config: Config): Promise<{ url: string; close(): Promise<void> } | undefined> {
  const port = config.METRICS_PORT;
  if (port === undefined) return undefined;
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', scrape(metrics));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, config.METRICS_HOST, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  return {
    url: `http://${config.METRICS_HOST}:${(server.address() as AddressInfo).port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
