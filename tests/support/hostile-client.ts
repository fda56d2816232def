import type { Db } from 'mongodb';
import type { HostileRequest } from './hostile-requests.ts';

export interface HostileAnswer { status: number; ms: number; body: string }

const FORGED = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19.c2lnbmF0dXJl';

/** Sends one generated request as any client could; status 0 means no answer within 10 s. */
export async function sendHostile(url: string, request: HostileRequest, userToken: string): Promise<HostileAnswer> {
  const headers = { ...request.headers };
  if (request.auth === 'user') headers.authorization = `Bearer ${userToken}`;
  if (request.auth === 'forged') headers.authorization = `Bearer ${FORGED}`;
  if (request.auth === 'garbage') headers.authorization = 'Basic ' + 'x'.repeat(200);
  const started = performance.now();
  try {
    const response = await fetch(request.search ? `${url}?${request.search}` : url, {
      method: request.method, headers, body: request.method === 'POST' ? request.body : undefined, signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, body: String(error) };
  }
}

/** The number of documents in every collection of the database: "nothing changed", roughly but cheaply. */
export async function collectionCounts(db: Db): Promise<Record<string, number>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments();
  return counts;
}

/** Counts once projections have caught up with earlier writes: two reads a second apart agree. */
export async function settledCollectionCounts(db: Db): Promise<Record<string, number>> {
  let last = await collectionCounts(db);
  for (let i = 0; i < 30; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await collectionCounts(db);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}
