// Colour is decided here and nowhere else: --no-color, then NO_COLOR, then FORCE_COLOR, then the TTY.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';

export interface ColourInputs {
  /** false when --no-color was given. */
  flag?: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

export function colourLevel({ flag, env, isTTY }: ColourInputs): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (!isTTY) return 0;
  return supportsColor ? supportsColor.level || 1 : 1;
}

export interface Style {
  level: 0 | 1 | 2 | 3;
  c: ChalkInstance;
}

export function makeStyle(level: 0 | 1 | 2 | 3): Style {
  return { level, c: new Chalk({ level }) };
}
