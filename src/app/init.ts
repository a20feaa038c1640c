// reports init: a new archive folder and the config file beside it; git, .gitattributes and .gitignore offered.
// Nothing that exists is overwritten: a config file already there stops init; an archive folder already there is
// kept as it is (the config then points at it).
import { countYamlFiles, entryKind, isReadableFolder, makeFolder, pathExists } from '../store/files.js';
import path from 'node:path';
import type { AppEnv } from './env.js';
import { ReportsError, UsageError, InputError } from '../errors.js';
import { checkBaseUrl, CONFIG_FILE, CONFIG_FILES, configText, SETTINGS, type SettingName } from '../model/config.js';
import { showControls } from '../model/text.js';
import type { Kind } from '../model/ids.js';
import type { NameStyle } from '../model/names.js';
import { createExclusive, FileExistsError } from '../store/write.js';
import * as gitStore from '../store/git.js';
import { SITE_MARKER } from '../store/output.js';

export interface InitRequest {
  /** The folder to set up (absolute): the config file goes there, the archive folder inside it. */
  dir: string;
  /** The archive folder, relative to `dir` (default: archive). */
  folder?: string;
  series?: string[];
  organization?: string;
  kind?: Kind;
  siteTitle?: string;
  baseUrl?: string;
  /** How the pages write names (default family-first, as the DRC's). */
  names?: NameStyle;
  /** Make the folder a git repository (when it is not in one). Undefined: ask when someone can be asked. */
  git?: boolean;
  /** Write .gitattributes / .gitignore where absent (default: when the folder is or becomes a repository). */
  gitFiles?: boolean;
  /** Commit the files written (the config, .gitattributes, .gitignore): the config is tracked from the start. */
  commit?: boolean;
}

export interface InitResult {
  dir: string;
  config: string;
  archive: string;
  /** Files and folders created, absolute. */
  created: string[];
  /** The values written, with those taken by default named. */
  defaults: string[];
  gitInit: boolean;
  /** What was left alone and why. */
  notes: string[];
  /** The commit made with `commit`: short id and message. */
  commit?: { id: string; message: string };
}

/** The series of a new archive when none is given: the DRC's. */
export const DEFAULT_SERIES = 'Research Report';

export async function initArchive(env: AppEnv, req: InitRequest): Promise<InitResult> {
  const dir = req.dir;
  for (const name of CONFIG_FILES) {
    const existing = path.join(dir, name);
    if (pathExists(existing)) throw new ReportsError(`${existing} already exists; nothing was written (a config file is never overwritten: edit it, or see reports config)`);
  }
  if (pathExists(dir) && !isReadableFolder(dir)) throw new ReportsError(`${dir} is not a folder; nothing was written`);
  const ask = env.ask;
  const answers = { ...req };
  const defaults: string[] = [];
  if (ask) {
    const seriesText = await ask({
      type: 'input',
      name: 'series',
      message: 'Series kept in this archive (comma-separated; the first is the default)',
      default: (req.series ?? [DEFAULT_SERIES]).join(', '),
      validate: (v) => (v.split(',').some((s) => s.trim()) ? true : 'name at least one series, e.g. Research Report'),
    });
    answers.series = seriesText.split(',').map((s) => s.trim()).filter(Boolean);
    answers.organization ??= (await ask({ type: 'input', name: 'organization', message: 'Organization (Enter for none)', default: '', validate: readsBack('organization') })).trim() || undefined;
    answers.kind ??= (await ask({
      type: 'select',
      name: 'kind',
      message: 'Default sequence of new reports',
      choices: [
        { value: 'regular', name: 'regular (Research Report, No.N)' },
        { value: 'special', name: 'special (Special Issue, No.N)' },
      ],
      default: 'regular',
    })) as Kind;
    answers.names ??= (await ask({
      type: 'select',
      name: 'names',
      message: 'How do the pages write authors\' names?',
      choices: [
        { value: 'family-first', name: 'family name first: "Zhang Xiaohuan" (Chinese names, as the DRC writes them)' },
        { value: 'given-first', name: 'given name first: "John Smith"' },
      ],
      default: 'family-first',
    })) as NameStyle;
    answers.siteTitle ??= (await ask({ type: 'input', name: 'siteTitle', message: 'Title of the exported site and feed (Enter for none)', default: '', validate: readsBack('siteTitle') })).trim() || undefined;
    answers.baseUrl ??=
      (
        await ask({
          type: 'input',
          name: 'baseUrl',
          message: 'Where the site is published, for the feed (Enter for none)',
          default: '',
          validate: (v) => (v.trim() === '' || !('error' in checkBaseUrl(v)) ? true : 'an absolute http(s) URL, e.g. https://example.org/reports/'),
        })
      ).trim() || undefined;
  }
  if (!answers.names) defaults.push('names: family-first');
  if (!answers.series?.length) {
    answers.series = [DEFAULT_SERIES];
    defaults.push(`series: ${DEFAULT_SERIES}`);
  }
  if (answers.baseUrl !== undefined) {
    const checked = checkBaseUrl(answers.baseUrl);
    if ('error' in checked) {
      const message = checked.error;
      throw new InputError(['baseUrl'], (w) => message.replace('site.baseUrl', w.field('baseUrl')));
    }
  }
  const folder = (answers.folder ?? 'archive').split(path.sep).join('/');
  const archive = path.resolve(dir, folder);
  if (path.relative(dir, archive).startsWith('..')) throw new UsageError(`the archive folder must be inside ${dir}`);
  // What init writes, the config reader must take back: each value passes the same check (a line break in an
  // organization would otherwise make a config that stops every command).
  const given: Array<[SettingName, keyof InitRequest, unknown]> = [
    ['archive', 'folder', folder],
    ['series', 'series', answers.series],
    ['organization', 'organization', answers.organization],
    ['siteTitle', 'siteTitle', answers.siteTitle],
  ];
  for (const [name, field, value] of given) {
    if (value === undefined) continue;
    const checked = SETTINGS.find((s) => s.name === name)!.check(value);
    if ('error' in checked) {
      const error = checked.error;
      throw new InputError([field], (w) => `${w.field(field)}: ${error}; nothing was written`);
    }
  }
  const kind = entryKind(archive);
  if (kind !== undefined && kind !== 'a folder')
    throw new ReportsError((w) => `${showControls(archive)} exists and is ${kind === 'file' ? 'a file' : kind}, not a folder; nothing was written. Move it away, or name another archive folder with ${w.field('folder')}`);

  const notes: string[] = [];
  const created: string[] = [];
  const site = exportFolder(dir);
  if (site)
    notes.push(
      `${site} is the output of reports export html (it holds ${SITE_MARKER}): keep the archive and the site apart; an html export to ${site} now refuses to replace it, and the site is best exported to a folder of its own`,
    );
  let inRepo = gitStore.isInRepo(env.vars, pathExists(dir) ? dir : path.dirname(dir));
  let wantGit = answers.git;
  if (wantGit === undefined && ask && !inRepo) {
    wantGit = await ask({ type: 'confirm', name: 'git', message: 'Make this folder a git repository (git init), so the team can share it?', default: true });
  }

  // git must be there before anything is written, so that a missing git does not leave half a set-up.
  if (wantGit && !inRepo) gitStore.runGit(env.vars, env.cwd, ['--version']);
  if (req.commit && !inRepo && !wantGit) {
    throw new InputError(['commit'], (w) => `${w.field('commit')} needs a git repository: add ${w.field('git')} (git init), or run init inside a repository`);
  }

  // Everything is decided: now write.
  if (!pathExists(dir)) {
    makeFolder(dir);
    created.push(dir);
  }
  if (pathExists(archive)) {
    const n = countYamlFiles(archive);
    notes.push(`${folder} already exists (${n} record file${n === 1 ? '' : 's'}); kept as it is`);
  } else {
    makeFolder(archive);
    created.push(archive);
  }
  const config = path.join(dir, CONFIG_FILE);
  try {
    createExclusive(dir, CONFIG_FILE, configText({ archive: folder, series: answers.series, organization: answers.organization, kind: answers.kind, siteTitle: answers.siteTitle, baseUrl: answers.baseUrl, names: answers.names }));
  } catch (e) {
    if (e instanceof FileExistsError) throw new ReportsError(`${config} already exists; it was not overwritten`);
    throw e;
  }
  created.push(config);

  let gitInit = false;
  if (wantGit && !inRepo) {
    gitStore.initRepo(env.vars, dir);
    gitInit = true;
    inRepo = true;
  } else if (wantGit && inRepo) notes.push('already in a git repository: git init not run');
  if (inRepo && req.gitFiles !== false) {
    const lock = `${folder}/.reports.lock/`;
    const files: Array<[string, string, string[]]> = [
      [
        '.gitattributes',
        `# Record files keep LF line ends on every machine, so a report's file never differs only by its line ends.\n${folder}/**/*.yaml text eol=lf\n${folder}/**/*.yml text eol=lf\n`,
        [`${folder}/**/*.yaml text eol=lf`],
      ],
      ['.gitignore', `# reports: the archive lock and unfinished writes belong to one machine, never to the repository.\n${lock}\n.*.tmp-*\n`, [lock, '.*.tmp-*']],
    ];
    for (const [name, text, lines] of files) {
      try {
        createExclusive(dir, name, text);
        created.push(path.join(dir, name));
      } catch (e) {
        if (!(e instanceof FileExistsError)) throw e;
        notes.push(`${name} exists and was left as it is; it should hold: ${lines.join(' and ')}`);
      }
    }
  }
  let commit: InitResult['commit'];
  if (req.commit) {
    const root = gitStore.repoRoot(env.vars, dir);
    const files = created.filter((f) => !isReadableFolder(f)).map((f) => gitStore.repoPath(root, f));
    const message = `Start the report archive: ${[CONFIG_FILE, ...files.map((f) => path.basename(f)).filter((f) => f !== CONFIG_FILE)].join(', ')}`;
    commit = { id: gitStore.commitFiles(env.vars, root, files, message), message };
  }
  return { dir, config, archive, created, defaults, gitInit, notes, commit };
}

/** A prompt's check that an answer (empty for none) is one the config reader takes back. */
function readsBack(name: SettingName): (v: string) => true | string {
  return (v) => {
    if (v.trim() === '') return true;
    const checked = SETTINGS.find((s) => s.name === name)!.check(v.trim());
    return 'error' in checked ? checked.error : true;
  };
}

/** `dir` or the nearest folder above it that an export html wrote (it holds the export's marker), if any. */
function exportFolder(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    if (pathExists(path.join(at, SITE_MARKER))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

