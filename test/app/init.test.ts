// reports init: the archive folder and config file, from flags or answers; git offered; nothing overwritten.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { initArchive } from '../../src/app/init.js';
import type { AppEnv } from '../../src/app/env.js';
import type { Ask, Question } from '../../src/model/questions.js';
import { loadConfig } from '../../src/store/config.js';
import { git, reports, tempFolder } from '../team-helpers.js';

const env = (dir: string, ask?: Ask): AppEnv => ({ archive: path.join(dir, 'archive'), cache: false, now: () => new Date('2026-01-01'), cwd: dir, vars: process.env, ask });

/** An Ask answering from a table by question name, recording what was asked. */
function scripted(answers: Record<string, string | boolean>): Ask & { asked: string[] } {
  const asked: string[] = [];
  const ask = (async (q: Question) => {
    asked.push(q.name);
    if (!(q.name in answers)) throw new Error(`unexpected question ${q.name}`);
    return answers[q.name];
  }) as Ask & { asked: string[] };
  ask.asked = asked;
  return ask;
}

describe('reports init', () => {
  it('with flags: the config holds every value given, and reads back the same', async () => {
    const dir = tempFolder();
    const r = await reports(dir, ['init', 'drc', '--no-input', '--no-git', '--series', 'Research Report', '--series', 'Policy Brief', '--organization', 'DRC', '--kind', 'special', '--site-title', 'DRC Reports', '--base-url', 'https://example.org/r/']);
    expect(r.code, r.stderr).toBe(0);
    const { settings, problems } = await loadConfig({ cwd: path.join(dir, 'drc'), env: {} });
    expect(problems).toEqual([]);
    expect(settings.archive.value).toBe(path.join(dir, 'drc', 'archive'));
    expect(settings.series?.value).toEqual(['Research Report', 'Policy Brief']);
    expect([settings.organization?.value, settings.kind?.value, settings.siteTitle?.value, settings.baseUrl?.value]).toEqual(['DRC', 'special', 'DRC Reports', 'https://example.org/r/']);
    expect(existsSync(path.join(dir, 'drc', '.git'))).toBe(false);
  });

  it('asks on a terminal: series, organization, kind, site, and whether to run git init', async () => {
    const dir = tempFolder();
    const ask = scripted({ series: 'Research Report, Working Paper', organization: 'DRC', kind: 'regular', names: 'given-first', siteTitle: '', baseUrl: 'https://e.org/', git: true });
    const r = await initArchive(env(dir, ask), { dir });
    expect(ask.asked).toEqual(['series', 'organization', 'kind', 'names', 'siteTitle', 'baseUrl', 'git']);
    expect(r.gitInit).toBe(true);
    expect(git(dir, 'rev-parse', '--is-inside-work-tree').trim()).toBe('true');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('archive/.reports.lock/');
    expect(readFileSync(path.join(dir, '.gitattributes'), 'utf8')).toContain('archive/**/*.yaml text eol=lf');
    const { settings } = await loadConfig({ cwd: dir, env: {} });
    expect(settings.series?.value).toEqual(['Research Report', 'Working Paper']);
    expect(settings.names?.value).toBe('given-first');
    expect(settings.siteTitle).toBeUndefined();
  });

  it('never overwrites a config file; keeps an archive folder already there', async () => {
    const dir = tempFolder();
    writeFileSync(path.join(dir, 'reports.config.yaml'), 'organization: Mine\n');
    const refused = await reports(dir, ['init', '--no-input']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists; nothing was written');
    expect(readFileSync(path.join(dir, 'reports.config.yaml'), 'utf8')).toBe('organization: Mine\n');
    expect(existsSync(path.join(dir, 'archive'))).toBe(false);

    const other = tempFolder();
    mkdirSync(path.join(other, 'archive', '2019'), { recursive: true });
    writeFileSync(path.join(other, 'archive', '2019', 'regular-001.yaml'), 'title: kept\n');
    const kept = await reports(other, ['init', '--no-input', '--no-git']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain('note: archive already exists (1 record file); kept as it is');
    expect(readFileSync(path.join(other, 'archive', '2019', 'regular-001.yaml'), 'utf8')).toBe('title: kept\n');
  });

  it('leaves existing .gitignore and .gitattributes alone, saying what they should hold', async () => {
    const dir = tempFolder();
    git(dir, 'init', '--quiet');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    const r = await reports(dir, ['init', '--no-input']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    expect(r.stderr).toContain('note: .gitignore exists and was left as it is; it should hold: archive/.reports.lock/');
    expect(r.stderr).toContain('created .gitattributes');
  });

  it('a bad --base-url is a usage error and nothing is written', async () => {
    const dir = tempFolder();
    const r = await reports(dir, ['init', '--no-input', '--base-url', 'example.org']);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, 'reports.config.yaml'))).toBe(false);
    expect(existsSync(path.join(dir, 'archive'))).toBe(false);
  });
});

describe('reports init without git', () => {
  it('--git with no git on PATH: a clear error, and nothing written', async () => {
    const dir = tempFolder();
    // git is looked up on the process's PATH (as a user's shell would).
    vi.stubEnv('PATH', path.join(dir, 'no-such-bin'));
    let r;
    try {
      r = await reports(dir, ['init', '--no-input', '--git']);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('git is not installed (or not on PATH)');
    expect(existsSync(path.join(dir, 'reports.config.yaml'))).toBe(false);
    expect(existsSync(path.join(dir, 'archive'))).toBe(false);
  });
});
