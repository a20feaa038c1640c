// Before any command runs: the settings in force (flags, environment, config file), or the config's errors.
import type { Command } from 'commander';
import type { Context, GlobalOptions } from '../cli.js';
import { settingsInForce } from '../app/config.js';
import { dirLabel } from './read.js';

/** Commands that read the config themselves: they must work when it is broken (to show or to replace it). */
const OWN_CONFIG = new Set(['config', 'init']);

export async function settleConfig(ctx: Context, action: Command): Promise<void> {
  if (OWN_CONFIG.has(action.name()) || OWN_CONFIG.has(action.parent?.name() ?? '')) return;
  const g = action.optsWithGlobals<GlobalOptions>();
  const settings = await settingsInForce(
    { cwd: ctx.io.cwd, env: ctx.io.env, configFile: g.config, flags: { archive: g.archive !== undefined ? { value: g.archive, name: '--archive' } : undefined } },
    (file) => dirLabel(ctx, file),
  );
  ctx.setConfig(settings);
}
