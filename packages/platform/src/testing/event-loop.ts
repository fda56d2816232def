export interface Stall {
  /** Lets the loop go, once the chunk running now ends. */
  stop(): Promise<void>;
}

/**
 * Holds this process's event loop in busy chunks of `chunkMs` until stopped, letting one loop
 * iteration (timers, I/O) run between chunks: a process that is overloaded, not hung, so that
 * requests still arrive and are answered, late.
 */
export function stallEventLoop(chunkMs = 300): Stall {
  let running = true;
  const done = (async () => {
    while (running) {
      const chunkEnd = performance.now() + chunkMs;
      // Spinning is the point: nothing else may run on the loop meanwhile.
      while (performance.now() < chunkEnd);
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
    },
  };
}

/** One busy tick of `ms`. */
export function slowTick(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * Repeats `send` until an answer is not a 200 (shedding has started), for at most 5 s; returns
 * that answer, or the last 200 when shedding never started.
 */
export async function firstShed(send: () => Promise<Response>): Promise<Response> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const res = await send();
    if (res.status !== 200 || performance.now() > deadline) return res;
    await res.arrayBuffer();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
