// Before any command runs: the settings in force (flags, environment, config file), or the config's errors.
import path from 'node:path';
import type { Command } from 'commander';
import type { Context, GlobalOptions } from './context.js';
import { settingsInForce } from '../app/config.js';
import { visible } from '../render/safe.js';

/** Commands that read the config themselves: they must work when it is broken (to show it, or to start anew). */
const OWN_CONFIG = new Set(['config', 'init']);

export async function settleConfig(ctx: Context, action: Command): Promise<void> {
  if (OWN_CONFIG.has(action.name()) && action.parent?.parent === null) return;
  const g = action.optsWithGlobals<GlobalOptions>();
  const cwd = ctx.io.cwd;
  const settings = await settingsInForce(
    { cwd, env: ctx.io.env, configFile: g.config, flags: { archive: g.archive !== undefined ? { value: g.archive, name: '--archive' } : undefined } },
    (file) => {
      const rel = path.relative(cwd, file);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
    },
    // Even with --quiet: it says why a config the user may expect is not in force.
    (message) => ctx.io.stderr(`warning: ${visible(message)} (name it with --config to read it)\n`),
  );
  ctx.settle(settings);
}
