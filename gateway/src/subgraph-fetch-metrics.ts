import type { Fetcher } from '@apollo/utils.fetcher';
import type { Metrics } from '@lg/platform';

/** Times each fetch to `subgraph` into lg_subgraph_fetch_duration_seconds: ok, http_error or failed (timeout, too large, down). */
export function timedFetcher(fetcher: Fetcher, metrics: Metrics, subgraph: string): Fetcher {
  return async (url, init) => {
    const started = performance.now();
    let outcome = 'failed';
    try {
      const response = await fetcher(url, init);
      outcome = response.ok ? 'ok' : 'http_error';
      return response;
    } finally {
      metrics.subgraphFetchDuration.observe({ subgraph, outcome }, (performance.now() - started) / 1000);
    }
  };
}
