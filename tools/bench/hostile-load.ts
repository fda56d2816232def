/**
 * Hostile load against a running gateway, shared by the hostile-traffic fault test and the
 * benchmark (tools/bench/hostile.ts): clients that send the most expensive operations the gateway's
 * limits allow, beside a normal client that reads the catalog's categories and a course page.
 */

/** Expensive shapes; `$n` is sized to the largest page the gateway accepts (see sizeToLimit). */
export const EXPENSIVE_OPERATIONS = [
  `query Nested($id: ID!) { course(id: $id) { instructor { taughtCourses { instructor { taughtCourses { instructor {
    taughtCourses { instructor { taughtCourses { instructor { taughtCourses { id title description } } } } } } } } } } } }`,
  `query Catalog($n: Int) { courses(first: $n) { totalCount edges { node { id title description tags priceCents
    instructor { displayName taughtCourses { id title sections { title lessons { id title durationMinutes } } } }
    sections { title lessons { id title kind durationMinutes } } } } } }`,
  `query Search($n: Int) { a: courses(first: $n, filter: { search: "a" }) { edges { node { id title summary sections { lessons { title } } } } }
    b: courses(first: $n, filter: { search: "c" }) { edges { node { id title summary instructor { taughtCourses { title } } } } } }`,
];

export const NORMAL_OPERATIONS = {
  categories: { query: `{ categories }` },
  coursePage: {
    query: `query Page($id: ID!) { course(id: $id) { id title summary description priceCents level tags enrollmentCount
      instructor { id displayName } sections { id title lessons { id title kind durationMinutes } } } }`,
  },
};

export interface Answer { status: number; ms: number; code?: string }

export async function post(url: string, query: string, variables: Record<string, unknown>, token?: string, timeoutMs = 15_000): Promise<Answer & { body?: { data?: unknown; errors?: { extensions?: { code?: string; reason?: string } }[] } }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => undefined)) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } | undefined;
    return { status: response.status, ms: performance.now() - started, code: body?.errors?.[0]?.extensions?.code, body };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

const refusedForCost = (a: Awaited<ReturnType<typeof post>>) =>
  a.status === 400 && (a.body?.errors ?? []).some((e) => e.extensions?.code === 'BAD_USER_INPUT' && /cost/i.test(JSON.stringify(e)));

/** The largest page size (1..100) for which the gateway accepts the operation's cost: the most a caller may ask. */
export async function sizeToLimit(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<number | undefined> {
  if (!query.includes('$n')) return refusedForCost(await post(url, query, variables, token)) ? undefined : 0;
  let low = 0;
  let high = 100;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (refusedForCost(await post(url, query, { ...variables, n: mid }, token))) high = mid - 1;
    else low = mid;
  }
  return low === 0 ? undefined : low;
}

export interface HostileRun {
  /** Every hostile answer's status, counted. */
  hostileStatuses: Record<number, number>;
  /** The normal client's latencies, ms, per operation. */
  normal: Record<keyof typeof NORMAL_OPERATIONS, number[]>;
  normalFailures: Answer[];
  hostileCount: number;
}

/**
 * `clients` hostile callers (each with its own token, so each its own budget) send the sized
 * expensive operations back to back for `seconds`; meanwhile ordinary signed-in students (one
 * per normal token) each read the categories and a course page, then think for a second, as a
 * person browsing does.
 */
export async function runHostileLoad(options: {
  url: string; clients: number; seconds: number; hostileTokens: string[]; normalTokens: string[]; courseId: string;
  operations: { query: string; variables: Record<string, unknown> }[];
}): Promise<HostileRun> {
  const until = Date.now() + options.seconds * 1000;
  const run: HostileRun = { hostileStatuses: {}, normal: { categories: [], coursePage: [] }, normalFailures: [], hostileCount: 0 };
  const hostile = async (i: number) => {
    const token = options.hostileTokens[i % options.hostileTokens.length];
    for (let k = i; Date.now() < until; k += 1) {
      const op = options.operations[k % options.operations.length]!;
      const answer = await post(options.url, op.query, op.variables, token);
      run.hostileStatuses[answer.status] = (run.hostileStatuses[answer.status] ?? 0) + 1;
      run.hostileCount += 1;
      // A refused caller retries after a breath, as a real attacker's loop would keep pressing.
      if (answer.status === 429) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const normal = async (token: string, offset: number) => {
    await new Promise((r) => setTimeout(r, offset));
    while (Date.now() < until) {
      for (const name of Object.keys(NORMAL_OPERATIONS) as (keyof typeof NORMAL_OPERATIONS)[]) {
        const answer = await post(options.url, NORMAL_OPERATIONS[name].query, { id: options.courseId }, token);
        if (answer.status === 200 && answer.body?.data && !answer.body.errors) run.normal[name].push(answer.ms);
        else run.normalFailures.push({ status: answer.status, ms: answer.ms, code: answer.code });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  await Promise.all([
    ...options.normalTokens.map((token, i) => normal(token, (i * 1000) / options.normalTokens.length)),
    ...Array.from({ length: options.clients }, (_, i) => hostile(i)),
  ]);
  return run;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
