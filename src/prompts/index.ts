// Prompts declared as data. Commands describe what to ask (a Question); an Ask function asks it. The real one
// (./inquirer.ts, the only module that imports @inquirer/prompts) is loaded only when a terminal is there; tests
// pass their own Ask that answers from a script.

export interface InputQuestion {
  type: 'input';
  name: string;
  message: string;
  default?: string;
  /** Shown under the prompt, e.g. how to leave a field out. */
  hint?: string;
  /** Checked when Enter is pressed: true, or the message saying what would be right. */
  validate?: (value: string) => true | string;
}

export interface SelectQuestion {
  type: 'select';
  name: string;
  message: string;
  choices: ReadonlyArray<{ value: string; name?: string; description?: string }>;
  default?: string;
}

export interface ConfirmQuestion {
  type: 'confirm';
  name: string;
  message: string;
  default?: boolean;
}

/**
 * Several lines of text, typed or pasted (the abstract). Typed: a paragraph per line, an empty line or Ctrl-D ends
 * it. Pasted: every line lands, blank lines between paragraphs included (see ./lines.ts for the end rule).
 */
export interface LinesQuestion {
  type: 'lines';
  name: string;
  message: string;
  hint?: string;
}

export type Question = InputQuestion | SelectQuestion | ConfirmQuestion | LinesQuestion;

export type AnswerOf<Q extends Question> = Q extends ConfirmQuestion ? boolean : string;

/** Ask one question; resolves with the answer or rejects (Ctrl-C rejects with an ExitPromptError). */
export interface Ask {
  <Q extends Question>(q: Q): Promise<AnswerOf<Q>>;
  /** Print a note between prompts (to stderr). */
  note?(text: string): void;
}

/**
 * The Ask used when stdin and stdout are terminals. `toStderr` draws the prompts on stderr, so that stdout carries
 * nothing but the command's data (`add --json`).
 */
export async function terminalAsk(opts: { toStderr?: boolean } = {}): Promise<Ask> {
  const { inquirerAsk } = await import('./inquirer.js');
  return inquirerAsk(opts.toStderr ? { output: process.stderr } : undefined);
}
