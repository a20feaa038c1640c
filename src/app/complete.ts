// What shell completion offers from the archive: ids and years. Quick and quiet: files that do not load are
// left out (completion is no place for messages; `reports validate` names them).
import type { AppEnv } from './env.js';
import { openArchive } from './read.js';

/** Ids starting with `prefix` (any case), newest year first; or the years, newest first. */
export async function completionWords(env: AppEnv, what: 'ids' | 'years', prefix = ''): Promise<string[]> {
  const archive = await openArchive(env);
  const ids = archive.records.map((r) => r.id);
  const year = (id: string) => Number(id.slice(0, id.indexOf('-')));
  if (what === 'years') return [...new Set(ids.map(year))].sort((a, b) => b - a).map(String).filter((y) => y.startsWith(prefix));
  const p = prefix.toUpperCase();
  const kind = (id: string) => id.charAt(id.indexOf('-') + 1);
  const num = (id: string) => Number(id.slice(id.indexOf('-') + 2));
  const order = (a: string, b: string) => year(b) - year(a) || (kind(a) < kind(b) ? -1 : kind(a) > kind(b) ? 1 : 0) || num(a) - num(b);
  return [...new Set(ids.filter((id) => id.startsWith(p)))].sort(order);
}
