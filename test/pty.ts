// Driving the CLI in a real pseudo-terminal (node-pty): wait for a prompt's text, then type.
import pty from 'node-pty';
import { BIN, ENV } from './helpers-add.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]/g;

export interface Session {
  /** Resolves when `text` has appeared in the output after the last match (ANSI codes removed). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(s: string): void;
  output(): string;
  /** The output as the terminal received it, escape sequences included. */
  raw(): string;
  exit: Promise<number>;
}

export function start(args: string[], env: NodeJS.ProcessEnv = {}): Session {
  const p = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: 100,
    rows: 40,
    cwd: process.cwd(),
    env: { ...ENV, ...env } as Record<string, string>,
  });
  let out = '';
  let from = 0;
  const waiters = new Set<() => void>();
  p.onData((d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<number>((resolve) => p.onExit(({ exitCode }) => resolve(exitCode)));
  let exited = false;
  void exit.then(() => {
    exited = true;
    for (const w of [...waiters]) w();
  });
  return {
    waitFor(text, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const plain = out.replace(ANSI, '').slice(from);
          const m = typeof text === 'string' ? (plain.includes(text) ? { index: plain.indexOf(text), length: text.length } : undefined) : (() => {
            const r = text.exec(plain);
            return r ? { index: r.index, length: r[0].length } : undefined;
          })();
          if (m) {
            // The next wait looks only after this match.
            from += m.index + m.length;
            cleanup();
            resolve();
          } else if (exited) {
            cleanup();
            reject(new Error(`exited before ${String(text)} appeared; output:\n${out.replace(ANSI, '')}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${String(text)}; output:\n${out.replace(ANSI, '')}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    type: (s) => p.write(s),
    output: () => out.replace(ANSI, ''),
    raw: () => out,
    exit,
  };
}

/** At add's prompts with a page's values proposed (the Title shown): Enter keeps each one, the Title to the URL. */
export async function keepProposals(s: Session): Promise<void> {
  s.type('\r');
  for (const prompt of ['Authors', 'Research team', 'Unit', 'Organization', 'Series', 'Kind', 'Year', 'Number', 'Total', 'Date']) {
    await s.waitFor(prompt);
    s.type('\r');
  }
  await s.waitFor('Keep this abstract');
  s.type('\r');
  for (const prompt of ['Key words', 'URL']) {
    await s.waitFor(prompt);
    s.type('\r');
  }
}
