// What a use case may touch of the outside world. The CLI builds one from the process; a script or a test
// builds its own. Use cases never read process.*, never print, never colour: they return results, throw
// ReportsError, and hand messages to `notify`.
import type { Ask } from '../model/questions.js';

// The library API (src/index.ts) names the question types through here.
export type { Ask, Question } from '../model/questions.js';

export type NoticeLevel = 'info' | 'notice' | 'warning';

export interface Notice {
  level: NoticeLevel;
  message: string;
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
  /** Asks the user; absent when nobody can be asked (scripts, no terminal). */
  ask?: Ask;
  /** Messages for the user while the work goes on; the CLI prints them on stderr (unless --quiet). */
  notify?: (notice: Notice) => void;
}
