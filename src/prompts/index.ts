// The terminal adapter of the questions (model/questions.ts): the real Ask (./inquirer.ts, the only module that
// imports the inquirer prompts) is loaded only when a terminal is there; tests pass their own Ask that answers from a
// script.

import type { Ask } from '../model/questions.js';

export type { AnswerOf, Ask, ConfirmQuestion, InputQuestion, LinesQuestion, Question, SelectQuestion } from '../model/questions.js';

/** The streams of a terminal: what is typed, and where the prompts are drawn. */
export interface TerminalStreams {
  input: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * The Ask used when stdin and stdout are terminals, on the streams given (the command line's IO). `toStderr` draws
 * the prompts on stderr, so that stdout carries nothing but the command's data (`add --json`).
 */
export async function terminalAsk(terminal: TerminalStreams, opts: { toStderr?: boolean } = {}): Promise<Ask> {
  const { inquirerAsk } = await import('./inquirer.js');
  return inquirerAsk({ input: terminal.input, output: opts.toStderr ? terminal.stderr : terminal.stdout });
}
