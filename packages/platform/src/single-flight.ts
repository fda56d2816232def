/**
 * Concurrent calls for one key share one run of the work; a call after it has settled starts a
 * new one. Within one process this spares racing requests (a client's retries, a double click)
 * from running the same workflow side by side; across processes the workflows' own guards hold.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    const run = work().finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    this.running.set(key, run);
    return run;
  }
}
