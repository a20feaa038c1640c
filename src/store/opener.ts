// The program that opens a web address or a file in the user's browser: xdg-open (Linux, BSD), open (macOS),
// explorer.exe (Windows), found on PATH. It is run directly with the address as its one argument, never
// through a shell, so nothing in a record can become a command.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface Opener {
  command: string;
  /** The program's name, for messages. */
  name: string;
}

/** The opener's name on this platform. */
export function openerName(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer.exe' : 'xdg-open';
}

/** The opener found on `env.PATH`, or undefined. */
export function findOpener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Opener | undefined {
  const name = openerName(platform);
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      if (platform !== 'win32') accessSync(file, constants.X_OK);
      return { command: file, name };
    } catch {
      // Not there, or not runnable: try the next folder.
    }
  }
  return undefined;
}
