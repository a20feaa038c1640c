// Questions as data: what a use case asks (a Question) and the function that asks it (an Ask). The terminal
// adapter (src/prompts/) renders them with inquirer; tests answer them from a script; a form could render them.
// Pure declarations.

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
  /** Choices shown at once (the rest scroll); default 7. */
  pageSize?: number;
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
  /** The text line by line, blank lines kept (a pasted page), instead of paragraphs as an abstract is stored. */
  asLines?: boolean;
}

export type Question = InputQuestion | SelectQuestion | ConfirmQuestion | LinesQuestion;

export type AnswerOf<Q extends Question> = Q extends ConfirmQuestion ? boolean : string;

/** Ask one question; resolves with the answer or rejects (Ctrl-C rejects with an ExitPromptError). */
export interface Ask {
  <Q extends Question>(q: Q): Promise<AnswerOf<Q>>;
  /** Print a note between prompts (to stderr). */
  note?(text: string): void;
}
