import autocannon from 'autocannon';

export interface LoadResult {
  /** Answers per second over the run, whatever their status. */
  rps: number;
  answered: number;
  /** Requests sent, including those still unanswered when the run ended. */
  sent: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Answers with HTTP 2xx whose body carries GraphQL errors. */
  graphqlErrors: number;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * One GraphQL operation POSTed back to back by `connections` keep-alive connections for
 * `seconds`. Percentiles come from every answer's own time (autocannon's summary has no p95).
 */
export async function postLoad(options: {
  url: string; connections: number; seconds: number; body: string; headers?: Record<string, string>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: options.body,
        onResponse: (status, body) => {
          if (status < 300 && body.includes('"errors"')) graphqlErrors += 1;
        },
      }],
    }, (error, done) => (error ? reject(error as Error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / result.duration,
    answered: latencies.length,
    sent: result.requests.sent,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.errors,
    non2xx: result.non2xx,
    graphqlErrors,
  };
}
