// reports config: the settings in force and where each came from, with the config file's problems located.
import { loadConfig, type ConfigInput } from '../store/config.js';
import { SETTINGS, type ConfigInForce, type Setting, type SettingName } from '../model/config.js';
import type { Finding } from '../model/record.js';
import { ReportsError } from '../errors.js';

export interface ConfigEntry {
  name: SettingName;
  /** The key in the config file, e.g. site.baseUrl. */
  key: string;
  env: string;
  value?: unknown;
  source?: Setting<unknown>['source'];
}

export interface ConfigResult {
  file?: string;
  entries: ConfigEntry[];
  problems: Finding[];
  /** Config files found but not read (another user's), and why. */
  skipped: string[];
}

/** Every setting, in force or not, with where its value came from. */
export async function showConfig(input: ConfigInput): Promise<ConfigResult> {
  const { settings, problems, skipped } = await loadConfig(input);
  return {
    skipped,
    file: settings.file,
    entries: SETTINGS.map((s) => {
      const set = settings[s.name] as Setting<unknown> | undefined;
      return { name: s.name, key: s.path.join('.'), env: s.env, value: set?.value, source: set?.source };
    }),
    problems,
  };
}

/** "reports.config.yaml:4:1: unknown key ..." or, for a flag or variable, "REPORTS_KIND: ...". */
export function formatConfigProblem(p: Finding, label: (file: string) => string = (f) => f): string {
  return p.line > 0 ? `${label(p.file)}:${p.line}:${p.column}: ${p.message}` : p.message;
}

/** The settings in force, or a ReportsError listing every located problem of the config. */
export async function settingsInForce(input: ConfigInput, label?: (file: string) => string, warn?: (message: string) => void): Promise<ConfigInForce> {
  const { settings, problems, skipped } = await loadConfig(input);
  for (const s of skipped) warn?.(`skipped the config ${s}`);
  if (problems.length > 0) {
    throw new ReportsError(
      `the config has ${problems.length} error${problems.length === 1 ? '' : 's'}; correct ${problems.length === 1 ? 'it' : 'them'} (reports config lists what is in force)`,
      problems.map((p) => formatConfigProblem(p, label)),
    );
  }
  return settings;
}
