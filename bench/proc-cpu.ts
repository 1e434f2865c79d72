/**
 * What the Linux kernel says about our child processes' CPU time: /proc/<pid>/task/<tid>/schedstat, the
 * nanoseconds each thread has run, from the scheduler's own accounting (not sampled, not rounded to ticks).
 */
import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process or thread ended while we looked
  }
}

/** Ids of this process's children whose command is `name`, e.g. "workerd". */
export function childProcesses(name: string): Set<number> {
  if (!read('/proc/self/schedstat')) throw new Error('this benchmark reads /proc/<pid>/task/<tid>/schedstat: Linux only');
  const found = new Set<number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    const m = /^\d+ \((.*)\) \S+ (\d+) /s.exec(read(`/proc/${entry}/stat`) ?? '');
    if (m && m[1] === name && Number(m[2]) === process.pid) found.add(Number(entry));
  }
  return found;
}

/** CPU time used so far by process `pid`, in nanoseconds: all its threads, and its main thread alone. */
export function cpuOf(pid: number): { all: number; main: number } {
  let all = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const ns = Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0] ?? 0);
    all += ns;
    if (Number(tid) === pid) main = ns;
  }
  return { all, main };
}

/**
 * Whether a thread of `pid` is running or waiting to run. The kernel adds a thread's time to schedstat when it
 * stops running, so a reading is whole only once every thread sleeps.
 */
export function running(pid: number): boolean {
  return readdirSync(`/proc/${pid}/task`).some((tid) => /^\d+ \(.*\) R /s.test(read(`/proc/${pid}/task/${tid}/stat`) ?? ''));
}
