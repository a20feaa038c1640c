// The terminal adapter of the questions (model/questions.ts): the real Ask (./inquirer.ts, the only module that
// imports @inquirer/prompts) is loaded only when a terminal is there; tests pass their own Ask that answers from a
// script.

import type { Ask } from '../model/questions.js';

export type { AnswerOf, Ask, ConfirmQuestion, InputQuestion, LinesQuestion, Question, SelectQuestion } from '../model/questions.js';

/**
 * The Ask used when stdin and stdout are terminals. `toStderr` draws the prompts on stderr, so that stdout carries
 * nothing but the command's data (`add --json`).
 */
export async function terminalAsk(opts: { toStderr?: boolean } = {}): Promise<Ask> {
  const { inquirerAsk } = await import('./inquirer.js');
  return inquirerAsk(opts.toStderr ? { output: process.stderr } : undefined);
}
