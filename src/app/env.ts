// What a use case may touch of the outside world. The CLI builds one from the process; a script or a test
// builds its own. Use cases never read process.*, never print, never colour: they return results, throw
// ReportsError, and hand messages to `notify`.
import type { Ask } from '../model/questions.js';
import { inputWords, type Wording } from '../errors.js';
import type { DeclaredOffsets } from '../model/config.js';

// The library API (src/index.ts) names the question types through here.
export type { Ask, Question } from '../model/questions.js';

export type NoticeLevel = 'info' | 'notice' | 'warning';

export interface Notice {
  level: NoticeLevel;
  /** In the library's words (input fields by their keys). */
  message: string;
  /** The message in the reader's words, when it names input fields (the command line names flags). */
  wording?: Wording;
}

/** A notice whose message names input fields. */
export function wordedNotice(level: NoticeLevel, wording: Wording): Notice {
  return { level, message: wording(inputWords), wording };
}

/** Tell `env.notify` a message that names input fields. */
export function notify(env: Pick<AppEnv, 'notify'>, level: NoticeLevel, wording: Wording): void {
  env.notify?.(wordedNotice(level, wording));
}

export interface AppEnv {
  /** The archive folder, absolute. */
  archive: string;
  /** The record cache folder, or false for none. */
  cache: string | false;
  /** The clock (tests fix it). */
  now: () => Date;
  /** The working folder: relative paths given by the user are resolved against it. */
  cwd: string;
  /** The environment variables of the programs a use case starts (git): the command line's, or createEnv's. */
  vars: Readonly<Record<string, string | undefined>>;
  /** Asks the user; absent when nobody can be asked (scripts, no terminal). */
  ask?: Ask;
  /** Messages for the user while the work goes on; the CLI prints them on stderr (unless --quiet). */
  notify?: (notice: Notice) => void;
  /** Offsets the publisher lists (the config's `offsets`), and where they are written: they settle the numbering. */
  offsets?: { value: DeclaredOffsets; from: string };
}
