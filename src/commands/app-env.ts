// The use cases' environment, built from the command line's context.
import type { Command } from 'commander';
import type { Context } from '../cli.js';
import type { AppEnv } from '../app/env.js';
import { cacheRoot } from '../store/cache.js';

export function appEnv(ctx: Context, cmd: Command): AppEnv {
  return {
    archive: ctx.archiveDir(cmd),
    cache: cacheRoot(ctx.io.env) ?? false,
    now: () => new Date(),
    cwd: ctx.io.cwd,
    notify: (n) => ctx.say(cmd, n.level === 'info' ? n.message : `${n.level}: ${n.message}`),
  };
}
