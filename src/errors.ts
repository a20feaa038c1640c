// Errors a user can cause. bin/reports.js maps them to exit codes; none of them prints a stack trace.

/** The work failed: not found, invalid, refused. Exit 1. */
export class ReportsError extends Error {
  readonly exitCode: number = 1;
  /**
   * `details`: extra lines printed after the message (e.g. the records that clash). `cause`: the error behind it
   * (e.g. the file system's ENOSPC), kept for --verbose and for callers that look at it, never printed as the message.
   */
  constructor(message: string, readonly details: string[] = [], options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
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
