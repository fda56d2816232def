// Whether live updates (the graphql-ws socket) are flowing: screens show it, so a user knows that
// what they see will update by itself, and that it is catching up after a dropped connection.

export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export class LiveStatus {
  private current: LiveState = 'idle';
  /** How many times the socket came back after being lost: screens read again what they show. */
  reconnects = 0;
  private readonly listeners = new Set<() => void>();

  get state(): LiveState {
    return this.current;
  }

  set(next: LiveState): void {
    if (next === this.current) return;
    if (next === 'live' && this.current === 'reconnecting') this.reconnects += 1;
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  /** For useSyncExternalStore: returns the function that stops listening. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
}
