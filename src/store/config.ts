// Finding and reading the config file, then settling each value: flag, else environment, else file, else default.
// The file is looked for from the working folder up, stopping after the home folder, as lilconfig and cosmiconfig do.
// Every command does this before it runs, so it is a few stat calls and nothing more: loading lilconfig itself
// (CommonJS, four core modules) cost 23-40 ms of start-up on this machine, more than the whole search.
import { existsSync, statSync } from 'node:fs';
import { DEFAULT_NAME_STYLE } from '../model/names.js';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILES, knownKeys, SETTINGS, suggestKey, type ConfigInForce, type Setting, type SettingName, type Source } from '../model/config.js';
import type { Finding, Pos } from '../model/record.js';
import { ReportsError } from '../errors.js';
import { readSource } from './source.js';
import { linePos, RECORD_SHAPE, yamlShapeProblem } from './yaml-shape.js';

/** A config is a few hundred bytes; a larger one than this is refused before it is read. */
export const MAX_CONFIG_BYTES = 64 * 1024;

export interface ConfigInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Values given as flags (e.g. the global --archive), by setting name. */
  flags?: Partial<Record<SettingName, { value: unknown; name: string }>>;
  /** A config file named by --config (else REPORTS_CONFIG, else searched for). */
  configFile?: string;
}

export interface LoadedConfig {
  settings: ConfigInForce;
  /** Unknown keys and bad values, located in the file (also bad flag or environment values, at 0:0). */
  problems: Finding[];
  /** Config files found on the way up but not read (in a folder, or a file, of another user), and why. */
  skipped: string[];
}

interface FileValue {
  value: unknown;
  pos: Pos;
}

interface ParsedConfig {
  values: Map<SettingName, FileValue>;
  problems: Finding[];
}

/** Read the config text: each known value with its position, and a located finding for every other key. */
export async function parseConfigText(text: string, file: string): Promise<ParsedConfig> {
  const problems: Finding[] = [];
  const values = new Map<SettingName, FileValue>();
  const problem = (message: string, pos: Pos) => problems.push({ severity: 'error', code: 'config', message, file, line: pos[0], column: pos[1] });
  // A shape no config has (thousands of keys, deep nesting) is refused before the parse, whose cost it could
  // make quadratic (each key is checked against every other): 40,000 keys took 11.7 s.
  const shape = yamlShapeProblem(text, RECORD_SHAPE);
  if (shape) {
    problem(`cannot read the config: ${shape.message}`, linePos(text, shape.offset));
    return { values, problems };
  }
  const { isMap, isScalar, LineCounter, parseDocument } = await import('yaml');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number | undefined): Pos => {
    if (offset === undefined) return [1, 1];
    const p = lc.linePos(offset);
    return [p.line, p.col];
  };
  const bad = [...doc.errors, ...doc.warnings];
  if (bad.length > 0) {
    const e = bad[0]!;
    const key = e.code === 'DUPLICATE_KEY' ? text.slice(e.pos[0]).split('\n', 1)[0]!.replace(/\s*:.*$/, '').trim() : undefined;
    problem(key ? `key "${key}" appears twice; a config sets each key once` : `cannot read the config: ${e.message.split('\n')[0]}`, at(e.pos[0]));
    return { values, problems };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { values, problems }; // an empty file sets nothing
  const walk = (node: unknown, parent: string[]) => {
    const where = parent.length ? `"${parent.join('.')}"` : 'the config';
    if (!isMap(node)) {
      const r = (node as { range?: [number, number, number] } | null)?.range;
      problem(`${where} must be a mapping of keys (key: value), e.g. ${parent.length ? `${parent.join('.')}:\n  title: ...` : 'archive: archive'}`, at(r?.[0]));
      return;
    }
    const known = knownKeys(parent);
    for (const pair of node.items) {
      const keyNode = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      const keyPos = at(keyNode?.range?.[0]);
      if (key === undefined || !known.includes(key)) {
        const hint = key !== undefined ? suggestKey(key, known) : undefined;
        const full = [...parent, key ?? '?'].join('.');
        problem(
          `unknown key "${full}"${hint ? `; did you mean "${[...parent, hint].join('.')}"?` : ''} (known keys${parent.length ? ` of ${parent.join('.')}` : ''}: ${known.join(', ')})`,
          keyPos,
        );
        continue;
      }
      const path = [...parent, key];
      const spec = SETTINGS.find((s) => s.path.length === path.length && s.path.every((p, i) => p === path[i]));
      const valueNode = pair.value as { range?: [number, number, number]; toJSON?: () => unknown } | null;
      if (!spec) {
        // A section (site:): empty is allowed, else its keys are read.
        if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) continue;
        walk(valueNode, path);
        continue;
      }
      const valuePos = at(valueNode?.range?.[0] ?? keyNode?.range?.[1]);
      const raw = valueNode === null ? null : isScalar(valueNode) ? valueNode.value : (pair.value as { toJSON(): unknown }).toJSON();
      const checked = spec.check(raw);
      if ('error' in checked) problem(checked.error, valuePos);
      else values.set(spec.name, { value: checked.value, pos: valuePos });
    }
  };
  walk(root, []);
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { values, problems };
}

/** The config file that applies in `cwd`: --config, else $REPORTS_CONFIG, else the nearest up the tree (see searchUp). */
export async function findConfigFile(input: Pick<ConfigInput, 'cwd' | 'env' | 'configFile'>, skipped: string[] = []): Promise<string | undefined> {
  const named = input.configFile ?? (input.env.REPORTS_CONFIG || undefined);
  if (named !== undefined) {
    const abs = path.resolve(input.cwd, named);
    if (!existsSync(abs)) throw new ReportsError(`config file not found: ${abs} (named by ${input.configFile !== undefined ? '--config' : 'REPORTS_CONFIG'})`);
    return abs;
  }
  return searchUp(path.resolve(input.cwd), input.env.HOME || os.homedir(), skipped);
}

/**
 * The first of CONFIG_FILES in `from` or a folder above it, up to `stop` (included), the root of a git repository
 * (a folder holding .git) or the root. As git does with safe.directory, a config is taken only when both the file
 * and its folder belong to this user or to root: in a folder others may write to (a shared /tmp-like place),
 * another user's config would otherwise choose where this user's records go. One skipped is added to `skipped`
 * (with why) and the search goes on above it. A file named by --config or REPORTS_CONFIG is read whoever owns it.
 */
export function searchUp(from: string, stop: string | undefined, skipped: string[] = [], uid = process.getuid?.()): string | undefined {
  for (let dir = from; ; ) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      const foreign = uid === undefined ? undefined : foreignOwner(dir, st.uid, uid);
      if (foreign === undefined) return file;
      skipped.push(`${file}: ${foreign}; a config is read only from folders of yours or root's`);
    }
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir || existsSync(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/** Why a config file (owned by `fileUid`) in `dir` is not this user's (or root's), or undefined when it is. */
function foreignOwner(dir: string, fileUid: number, uid: number): string | undefined {
  const ok = (owner: number) => owner === uid || owner === 0;
  if (!ok(fileUid)) return `the file belongs to another user (uid ${fileUid})`;
  const folderUid = statSync(dir, { throwIfNoEntry: false })?.uid;
  if (folderUid !== undefined && !ok(folderUid)) return `its folder belongs to another user (uid ${folderUid})`;
  return undefined;
}

/** Settle every value: flag, environment, config file, default. Never throws for a bad value: it is a problem. */
export async function loadConfig(input: ConfigInput): Promise<LoadedConfig> {
  const skipped: string[] = [];
  const file = await findConfigFile(input, skipped);
  const problems: Finding[] = [];
  let parsed: ParsedConfig = { values: new Map(), problems: [] };
  if (file) {
    // A regular file only, opened without blocking, at most MAX_CONFIG_BYTES: --config /dev/zero or a FIFO is
    // refused at once (it grew to 16.8 GB, or waited past Ctrl-C, when read as any file).
    const text = await readSource(file, { what: 'the config file', cwd: input.cwd, max: MAX_CONFIG_BYTES, fileOnly: true });
    parsed = await parseConfigText(text, file);
    problems.push(...parsed.problems);
  }
  const base = file ? path.dirname(file) : input.cwd;
  const settings: Partial<ConfigInForce> & { file?: string } = { file };
  for (const spec of SETTINGS) {
    let setting: Setting<unknown> | undefined;
    const flag = input.flags?.[spec.name];
    const env = input.env[spec.env];
    if (flag !== undefined && flag.value !== undefined) {
      setting = fromOutside(spec, flag.value, { kind: 'flag', name: flag.name }, problems);
    } else if (env !== undefined && env !== '') {
      setting = fromOutside(spec, env, { kind: 'env', name: spec.env }, problems);
    }
    if (!setting) {
      const v = parsed.values.get(spec.name);
      if (v && file) setting = { value: v.value, source: { kind: 'file', file, line: v.pos[0], column: v.pos[1] } };
    }
    if (setting) (settings as Record<string, unknown>)[spec.name] = setting;
  }
  // The archive: relative to the working folder when given outside, to the config file's folder when in it.
  const archive = settings.archive;
  if (archive) {
    const from = archive.source.kind === 'file' ? base : input.cwd;
    settings.archive = { value: path.resolve(from, archive.value), source: archive.source };
  } else {
    settings.archive = { value: path.resolve(base, 'archive'), source: { kind: 'default', note: file ? 'archive beside the config file' : './archive' } };
  }
  settings.names ??= { value: DEFAULT_NAME_STYLE, source: { kind: 'default', note: 'as the DRC writes names' } };
  return { settings: settings as ConfigInForce, problems, skipped };
}

function fromOutside(spec: (typeof SETTINGS)[number], raw: unknown, source: Source, problems: Finding[]): Setting<unknown> | undefined {
  const checked = spec.check(raw);
  if ('error' in checked) {
    const name = source.kind === 'flag' || source.kind === 'env' ? source.name : spec.env;
    problems.push({ severity: 'error', code: 'config', message: `${name}: ${checked.error}`, file: name, line: 0, column: 0 });
    return undefined;
  }
  return { value: checked.value, source };
}
