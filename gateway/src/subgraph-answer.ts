import type { FetcherHeaders, FetcherResponse } from '@apollo/utils.fetcher';

type RawHeaders = Record<string, string | string[] | undefined>;

/** A subgraph answer's headers, read from the plain object the HTTP client gives. */
class AnswerHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(raw: RawHeaders | Iterable<[string, string]>) {
    const pairs = Symbol.iterator in raw ? (raw as Iterable<[string, string]>) : Object.entries(raw as RawHeaders);
    for (const [name, value] of pairs) if (value !== undefined) this.map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }

  get(name: string) { return this.map.get(name.toLowerCase()) ?? null; }
  has(name: string) { return this.map.has(name.toLowerCase()); }
  set(name: string, value: string) { this.map.set(name.toLowerCase(), value); }
  append(name: string, value: string) { const old = this.get(name); this.set(name, old === null ? value : `${old}, ${value}`); }
  delete(name: string) { this.map.delete(name.toLowerCase()); }
  entries() { return this.map.entries(); }
  keys() { return this.map.keys(); }
  values() { return this.map.values(); }
  [Symbol.iterator]() { return this.map.entries(); }
}

/**
 * A subgraph's whole answer, already read (and size-checked) into memory. The data source reads
 * it once as JSON; a WHATWG Response would wrap the same bytes in a stream only to read it back.
 */
export class SubgraphAnswer implements FetcherResponse {
  readonly headers: FetcherHeaders;
  readonly ok: boolean;
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: RawHeaders | Iterable<[string, string]>,
    private readonly body: Buffer,
  ) {
    this.headers = new AnswerHeaders(headers);
    this.ok = status >= 200 && status < 300;
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return Promise.resolve(this.body.toString('utf8'));
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return Promise.resolve(new Uint8Array(this.body).buffer);
  }

  clone(): FetcherResponse {
    return new SubgraphAnswer(this.url, this.status, this.statusText, this.headers, this.body);
  }
}
