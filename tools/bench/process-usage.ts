import { readFileSync, readdirSync } from 'node:fs';

/** A process and its descendants (a gateway that forks workers), from /proc. */
function tree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return [pid, ...children.flatMap(tree)];
}

const statusKb = (pid: number, field: string) =>
  Number(/(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`)) ?? '')?.[1] ?? 0) * 1024;

/** Resident memory now and at its peak, in bytes, and CPU seconds used so far, of a process tree. */
export function processUsage(pid: number): { rss: number; peakRss: number; cpuSeconds: number } {
  const pids = tree(pid);
  const cpuTicks = pids.reduce((sum, p) => {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + Number(fields[11]) + Number(fields[12]);
  }, 0);
  return {
    rss: pids.reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0),
    peakRss: pids.reduce((sum, p) => sum + statusKb(p, 'VmHWM'), 0),
    // Linux reports CPU time in clock ticks of 1/100 s on every platform Node runs on.
    cpuSeconds: cpuTicks / 100,
  };
}
