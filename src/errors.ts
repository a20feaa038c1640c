// Errors a user can cause. bin/reports.js maps them to exit codes; none of them prints a stack trace.
//
// The use cases speak the domain: a message that names what the caller gave (a field of the use case's input, a
// use case to run again) is a Wording, and whoever shows it chooses the words: the command line names flags
// (--base-url), a form names its fields, a library caller reads the input's own keys (baseUrl). `message` is always
// the library's wording (inputWords), so an error caught by a script reads as the script wrote its call.

/** How the reader of a message names what they can give. */
export interface Words {
  /** A field of the use case's input (`baseUrl`, `authors`): `--base-url`, `--author` on the command line. */
  field(name: string): string;
  /**
   * Running a use case again with these inputs (the archive, a report's ref, a file whose text to take):
   * `reports edit 2019-S11 --from FILE` on the command line.
   */
  again(useCase: string, args: readonly string[], fields: Readonly<Record<string, string>>): string;
}

/** A message that names input fields, worded by whoever shows it. */
export type Wording = (words: Words) => string;

/** The library's words: the input's own keys. */
export const inputWords: Words = {
  field: (name) => name,
  again: (useCase, args, fields) =>
    [useCase, ...args.map((a) => JSON.stringify(a)), ...Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(' '),
};

/** The work failed: not found, invalid, refused. Exit 1. */
export class ReportsError extends Error {
  readonly exitCode: number = 1;
  /** The message as a function of the reader's words, when it names input fields. */
  readonly wording?: Wording;
  /** `details` as a function of the reader's words, when they name input fields. */
  readonly detailWording?: (words: Words) => string[];
  /**
   * `details`: extra lines printed after the message (e.g. the records that clash). `cause`: the error behind it
   * (e.g. the file system's ENOSPC), kept for --verbose and for callers that look at it, never printed as the message.
   */
  readonly details: string[];
  constructor(message: string | Wording, details: string[] | ((words: Words) => string[]) = [], options: { cause?: unknown } = {}) {
    super(typeof message === 'function' ? message(inputWords) : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReportsError';
    if (typeof message === 'function') this.wording = message;
    if (typeof details === 'function') {
      this.detailWording = details;
      this.details = details(inputWords);
    } else this.details = details;
  }

  /** The message in the reader's words. */
  worded(words: Words): string {
    return this.wording ? this.wording(words) : this.message;
  }

  /** The details in the reader's words. */
  wordedDetails(words: Words): string[] {
    return this.detailWording ? this.detailWording(words) : this.details;
  }
}

/** The command line was wrong: a bad option value, a missing argument. Exit 2. */
export class UsageError extends ReportsError {
  override readonly exitCode: number = 2;
  constructor(message: string | Wording) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * What a use case was given is wrong or incomplete: a value missing, two that do not go together, one that is for
 * another format. `fields` are the input fields at fault (a form marks them). Exit 2.
 */
export class InputError extends UsageError {
  constructor(
    readonly fields: readonly string[],
    message: Wording,
  ) {
    super(message);
    this.name = 'InputError';
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
