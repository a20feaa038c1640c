// Named steps of multi-step writes, where the crash tests kill the process. REPORTS_CRASH_AT=<step> makes the
// process kill itself (SIGKILL: no clean-up runs, as in a power cut or an OOM kill) when it reaches that step.
// Read at the step, not at start-up, so an in-process test can set it too. Costs one property read per step.

/** The steps, in the order the writers reach them. */
export const CRASH_STEPS = [
  'add:after-temp',
  'edit-move:after-replace',
  'edit-move:after-rename',
  'edit:after-temp',
  'attach:after-copy',
  'attach:after-record',
  'rm:after-record',
  'export-site:after-build',
  'export-site:between-renames',
  'export-site:after-renames',
  'export-file:after-temp',
] as const;
export type CrashStep = (typeof CRASH_STEPS)[number];

export function crashPoint(step: CrashStep): void {
  if (process.env.REPORTS_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}
