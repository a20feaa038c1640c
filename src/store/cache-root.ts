// Where the record cache lives. Apart from cache/ so that the command line can name it without loading the cache.
import os from 'node:os';
import path from 'node:path';

/** $REPORTS_CACHE_DIR, else $XDG_CACHE_HOME/reports, else ~/.cache/reports; none with REPORTS_NO_CACHE=1. */
export function cacheRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (env.REPORTS_NO_CACHE && env.REPORTS_NO_CACHE !== '0') return undefined;
  if (env.REPORTS_CACHE_DIR) return path.resolve(env.REPORTS_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'reports');
  const home = env.HOME || os.homedir();
  return home ? path.join(home, '.cache', 'reports') : undefined;
}
