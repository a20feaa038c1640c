// Colour is decided here and nowhere else: --no-color, then NO_COLOR, then FORCE_COLOR, then the TTY (not TERM=dumb).
// chalk is loaded only when colour is on (see loadColour), so plain runs and --help start faster.
import type { ChalkInstance } from 'chalk';

export interface ColourInputs {
  /** false when --no-color was given. */
  flag?: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

type Level = 0 | 1 | 2 | 3;

export function colourLevel({ flag, env, isTTY }: ColourInputs): Level {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as Level) : 1;
  }
  if (!isTTY) return 0;
  return terminalLevel(env);
}

/** What a terminal shows, told by its environment (as supports-color tells it, from the variables given). */
function terminalLevel(env: NodeJS.ProcessEnv): Level {
  if (env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (/-256(colou?r)?$/i.test(env.TERM ?? '')) return 2;
  return 1;
}

/** chalk, loaded for a run that colours some output; held by that run (no module state). */
export interface Colours {
  Chalk: typeof import('chalk').Chalk;
}

/** Load chalk when some output will be coloured. Called before a command's action runs. */
export async function loadColour(): Promise<Colours> {
  const { Chalk } = await import('chalk');
  return { Chalk };
}

export interface Style {
  level: Level;
  c: ChalkInstance;
}

/** A stand-in for chalk with colour off: every style, chained or called, returns the text as it is. */
const plain: ChalkInstance = new Proxy(function plainStyle(...text: unknown[]) {
  return text.join(' ');
} as unknown as ChalkInstance, {
  get: (target, prop) => (prop === 'level' ? 0 : typeof prop === 'string' && !(prop in Function.prototype) ? plain : Reflect.get(target, prop)),
});

/** The style of an output at `level`: plain at 0 or when chalk was not loaded. */
export function makeStyle(level: Level, colours?: Colours): Style {
  if (level === 0 || !colours) return { level: 0, c: plain };
  return { level, c: new colours.Chalk({ level }) };
}
