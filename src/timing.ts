// REPORTS_TIMING=1 prints how long each phase took, on stderr: for finding where the time of a slow run goes.
const on = !!process.env.REPORTS_TIMING;
// Reading the clock loads node's performance module: only when timing is asked for.
let last = on ? performance.now() : 0;

export function phase(label: string): void {
  if (!on) return;
  const now = performance.now();
  process.stderr.write(`[timing] ${label}: ${(now - last).toFixed(1)} ms (at ${now.toFixed(0)} ms)\n`);
  last = now;
}
