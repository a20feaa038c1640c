// Questions at a terminal: a command that may need to ask (which of several reports, a confirmation) gets an
// `ask` in its environment only when stdin and stdout are terminals. `toStderr` draws the prompts on stderr, so
// that stdout carries nothing but the command's data.
import type { AppEnv } from '../app/env.js';
import { terminalOf, type Session } from './context.js';

export async function askingEnv(s: Session, opts: { toStderr?: boolean } = {}): Promise<AppEnv> {
  if (!s.io.stdinIsTTY || !s.io.stdoutIsTTY || s.env.ask) return s.env;
  const { terminalAsk } = await import('../prompts/index.js');
  return { ...s.env, ask: await terminalAsk(terminalOf(s.io), opts) };
}
