// Errors a user can cause. bin/reports.js maps them to exit codes; none of them prints a stack trace.

/** The work failed: not found, invalid, refused. Exit 1. */
export class ReportsError extends Error {
  readonly exitCode: number = 1;
  /** Extra lines printed after the message (e.g. the records that clash). */
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'ReportsError';
  }
}

/** The command line was wrong: a bad option value, a missing argument. Exit 2. */
export class UsageError extends ReportsError {
  override readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl-C. Exit 130. */
export class InterruptedError extends ReportsError {
  override readonly exitCode: number = 130;
  constructor(message = 'interrupted; nothing was written') {
    super(message);
    this.name = 'InterruptedError';
  }
}
