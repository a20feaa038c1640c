// REPORTS_TIMING=1 prints how long each phase took, on stderr: for finding where the time of a slow run goes.
// The command line turns it on for one run (timed(write, fn)); phases called within that run's async work go to
// its writer, and nowhere else. Nothing is read from the process here, and without timed() phase() costs a test.
import type { AsyncLocalStorage } from 'node:async_hooks';

interface Clock {
  write: (line: string) => void;
  last: number;
}

// Created on the first timed run only: async_hooks is not loaded otherwise.
let runs: AsyncLocalStorage<Clock> | undefined;

export function phase(label: string): void {
  const clock = runs?.getStore();
  if (!clock) return;
  const now = performance.now();
  clock.write(`[timing] ${label}: ${(now - clock.last).toFixed(1)} ms (at ${now.toFixed(0)} ms)\n`);
  clock.last = now;
}

/** Run `fn` with its phases written to `write`. */
export function timed<T>(write: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  runs ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)();
  return runs.run({ write, last: performance.now() }, fn);
}
