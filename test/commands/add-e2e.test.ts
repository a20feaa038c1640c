// reports add without a terminal: flags, imports, refusals, dry runs, parallel adds, locks.
// In-process (runCli) but for what needs processes: adds racing from separate processes, a lock holder or a
// writer killed with SIGKILL.
import { srcModule } from '../src-module.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allFiles, cliAsync, inProcess, PAGES, read, tempArchive } from '../helpers-add.js';

const BASE = ['--no-input', '--title', 'Rural Finance Reform', '--author', 'Li Wei & Wang Fang'];

describe.concurrent('reports add --no-input', () => {
  it('adds a special issue with the next number, the offset-consistent Total, series and organization as last used', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2019', '--date', '2019-02-01', '--keyword', 'finance, rural areas']);
    expect(r.stderr).toBe('created 2019/special-012.yaml (2019-S12, Total 1640)\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const rec = parse(read(path.join(a, '2019/special-012.yaml')));
    expect(rec).toEqual({
      title: 'Rural Finance Reform',
      authors: ['Li Wei', 'Wang Fang'],
      organization: 'DRC',
      series: 'Research Report',
      kind: 'special',
      number: 12,
      year: 2019,
      total: 1640,
      date: '2019-02-01',
      keywords: ['finance', 'rural areas'],
    });
    // The new file passes validate.
    const v = await inProcess(['validate', '--archive', a]);
    expect(v.stdout + v.stderr).not.toMatch(/special-012.*error/);
  });

  it('writes keys in page order and a long abstract as a folded block', async () => {
    const a = tempArchive();
    const abstract = 'word '.repeat(60).trim();
    const r = await inProcess(['add', '--archive', a, ...BASE, '--year', '2019', '--date', '2019-07-01', '--abstract', abstract, '--url', 'https://example.org/r']);
    expect(r.status).toBe(0);
    const text = read(path.join(a, '2019/regular-097.yaml'));
    expect(text.split('\n').filter((l) => /^\w/.test(l)).map((l) => l.split(':')[0])).toEqual(
      ['title', 'authors', 'organization', 'series', 'kind', 'number', 'year', 'total', 'date', 'abstract', 'url'],
    );
    expect(text).toMatch(/^abstract: >-$/m);
    expect(parse(text).abstract).toBe(abstract);
    expect(parse(text).total).toBe(5597);
  });

  it('without a TTY and without flags exits 2 at once, naming the flags', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a]); // stdin is closed: a prompt would hang or fail
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --title, --author/);
    expect(allFiles(a)).toEqual(allFiles(tempArchive()));
  });

  it('a bad flag value is a usage error (exit 2)', async () => {
    const a = tempArchive();
    expect((await inProcess(['add', '--archive', a, ...BASE, '--date', '2019-02-30'])).status).toBe(2);
    expect((await inProcess(['add', '--archive', a, ...BASE, '--number', 'x'])).status).toBe(2);
    expect((await inProcess(['add', '--archive', a, ...BASE, '--kind', 'odd'])).status).toBe(2);
  });

  it('refuses a number already used, naming the record, and leaves that file byte-identical', async () => {
    const a = tempArchive();
    const file = path.join(a, '2019/special-011.yaml');
    const before = readFileSync(file);
    const r = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2019', '--number', '11']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refused/);
    expect(r.stderr).toMatch(/2019-S11 \(2019\/special-011\.yaml\)/);
    expect(readFileSync(file).equals(before)).toBe(true);
    // --force does not overwrite either.
    const f = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2019', '--number', '11', '--force']);
    expect(f.status).toBe(1);
    expect(f.stderr).toMatch(/never overwritten/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(allFiles(a).filter((x) => x.includes('.tmp'))).toEqual([]);
  });

  it('refuses a Total used by another record or off the year offset; --force writes it with a warning', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2019', '--total', '1639']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/total 1639 .*also used by 2019-S11 \(2019\/special-011\.yaml\)/);
    expect(r.stderr).toMatch(/\[total-offset\]/);
    expect(existsSync(path.join(a, '2019/special-012.yaml'))).toBe(false);
    const f = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2019', '--total', '1700', '--force']);
    expect(f.status).toBe(0);
    expect(f.stderr).toMatch(/warning: --force: written despite: .*disagrees with offset 1628/);
    expect(parse(read(path.join(a, '2019/special-012.yaml'))).total).toBe(1700);
  });

  it('refuses a probable duplicate (same title, other case and punctuation) without --force', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--no-input', '--title', 'analysis on the changes of economic pattern in northeast china!', '--author', 'X Y', '--year', '2019']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/same as 2018-R124's \(2018\/regular-124\.yaml\)/);
    const f = await inProcess(['add', '--archive', a, '--no-input', '--title', 'analysis on the changes of economic pattern in northeast china!', '--author', 'X Y', '--year', '2019', '--force']);
    expect(f.status).toBe(0);
  });

  it('--dry-run prints the YAML and writes nothing; --json prints the record as show --json does', async () => {
    const a = tempArchive();
    const before = allFiles(a);
    const d = await inProcess(['add', '--archive', a, ...BASE, '--year', '2018', '--date', '2018-09-01', '--dry-run']);
    expect(d.status).toBe(0);
    expect(parse(d.stdout)).toMatchObject({ title: 'Rural Finance Reform', number: 125, total: 5400, year: 2018 });
    expect(d.stderr).toMatch(/dry run: would create 2018\/regular-125\.yaml \(2018-R125, Total 5400\)/);
    expect(allFiles(a)).toEqual(before);

    const j = await inProcess(['add', '--archive', a, ...BASE, '--year', '2018', '--date', '2018-09-01', '--json']);
    expect(j.status).toBe(0);
    const json = JSON.parse(j.stdout).report;
    const shown = JSON.parse((await inProcess(['show', '--archive', a, '2018-R125', '--json'])).stdout).report;
    expect(json).toEqual(shown);
    expect(json).toMatchObject({ id: '2018-R125', file: '2018/regular-125.yaml' });
  });

  it('a new sequence year without an offset gets no Total (the highest + 1 would be a guess), and says so', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, ...BASE, '--kind', 'special', '--year', '2020', '--date', '2020-01-05']);
    expect(r.stderr).toMatch(/notice: no Total written: the offset of Research Report special 2020 is not known yet/);
    expect(r.stderr).toMatch(/created 2020\/special-001\.yaml \(2020-S1\)\n$/);
    expect(parse(read(path.join(a, '2020/special-001.yaml')))).not.toHaveProperty('total');
    // The Total the page shows can be given.
    const t = await inProcess(['add', '--archive', a, ...BASE, '--title', 'Second', '--kind', 'special', '--year', '2020', '--number', '2', '--total', '1646', '--date', '2020-01-06']);
    expect(t.stderr).toMatch(/created 2020\/special-002\.yaml \(2020-S2, Total 1646\)/);
  });
});

describe.concurrent('reports add --from-text', () => {
  it('imports a complete page directly with --no-input (flags override what it reads)', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'straight-quotes-and.txt'), '--no-input']);
    expect(r.stderr).toMatch(/created 2019\/special-005\.yaml \(2019-S5, Total 1633\)/);
    expect(parse(read(path.join(a, '2019/special-005.yaml')))).toMatchObject({
      title: 'Rural Land Reform',
      authors: ['Zhang Liang', 'Zhang He'],
      team: 'Research Team on “Rural Land Reform”',
      date: '2019-01-10',
    });
    const o = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'fullwidth-labels.txt'), '--no-input', '--title', 'Green Finance', '--number', '41', '--total', '5541']);
    expect(o.status).toBe(0);
    expect(parse(read(path.join(a, '2019/regular-041.yaml')))).toMatchObject({ title: 'Green Finance', number: 41, total: 5541, keywords: ['green finance', 'carbon markets'] });
  });

  it('reads the page from stdin with -', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', '-'], { input: read(path.join(PAGES, 'alert-header-nbsp.txt')) });
    expect(r.stderr).toMatch(/created 2019\/regular-070\.yaml \(2019-R70, Total 5570\)/);
    expect(r.status).toBe(0);
  });

  it('refuses a page whose numbering contradicts the archive, with the reasons', async () => {
    const a = tempArchive();
    // 2017 No.192 with Total 4877 would put a lower Total after 2016's 5005.
    const r = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'total-no.txt'), '--no-input']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refused to add 2017\/regular-192\.yaml/);
    // The new record is named, with the dates its Total allows; not the record already there.
    expect(r.stderr).toMatch(/^  2017-R192 \(Total 4877\) is dated 2017-08-25, but 2016-R122 has a higher Total \(5005\) and is dated 2016-09-12; a higher Total is never dated earlier: 2017-R192 may be dated on or before 2016-09-12 \[date-order\]$/m);
    expect(r.stderr).not.toMatch(/2016\/regular-122\.yaml: .*\[date-order\]/);
  });

  it('spells the series as the archive does', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'lowercase-no-comma.txt'), '--no-input', '--number', '4', '--total', '5279', '--title', 'Other Towns']);
    expect(r.status).toBe(0);
    expect(parse(read(path.join(a, '2018/regular-004.yaml'))).series).toBe('Research Report');
  });

  it('an incomplete page exits 2 naming what is missing, and says what it could not read', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', '-', '--no-input'], { input: 'Housing Markets in Transition\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --author/);
    expect(r.stderr).toMatch(/could not read .*authors/);
  });

  it('says when the title suffix and the numbering line disagree', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'suffix-disagrees.txt'), '--no-input', '--dry-run']);
    expect(r.stderr).toMatch(/notice: the title ends with \(No\.12, 2019\) but the numbering line says Special Issue, No\.11, 2019/);
  });

  it('a page whose report is already in the archive is refused, naming it', async () => {
    const a = tempArchive();
    const r = await inProcess(['add', '--archive', a, '--from-text', path.join(PAGES, 'seed.txt'), '--no-input']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already 2019-S11 \(2019\/special-011\.yaml\)/);
  });
});

describe.concurrent('never lose a record', () => {
  it('16 parallel adds in one sequence and year all land, with distinct numbers and offset-consistent Totals', async () => {
    const a = tempArchive();
    // Separate processes: the lock must keep out other processes, not only other calls in this one.
    const runs = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        cliAsync(['add', '--archive', a, '--no-input', '--title', `Parallel Report ${i}`, '--author', `Author ${i}`, '--kind', 'special', '--year', '2019', '--date', '2019-03-01']),
      ),
    );
    for (const r of runs) expect(r.stderr).toMatch(/^created 2019\/special-\d{3}\.yaml/);
    expect(runs.map((r) => r.code)).toEqual(Array(16).fill(0));
    const files = allFiles(path.join(a, '2019')).filter((f) => f.startsWith('special-') && !['special-009.yaml', 'special-011.yaml'].includes(f));
    expect(files).toHaveLength(16);
    const recs = files.map((f) => parse(read(path.join(a, '2019', f))));
    const numbers = recs.map((r) => r.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => 12 + i));
    expect(new Set(recs.map((r) => r.total)).size).toBe(16);
    for (const r of recs) expect(r.total - r.number).toBe(1628);
    expect(allFiles(a).filter((f) => f.startsWith('.') || f.includes('/.'))).toEqual([]);
  });

  it('recovers a stale lock left by a killed process', async () => {
    const a = tempArchive();
    // A process takes the archive lock and is killed while holding it.
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { withArchiveLock } from ${JSON.stringify(await srcModule('store/lock'))};
       await withArchiveLock(${JSON.stringify(a)}, () => { process.stdout.write('locked\\n'); setInterval(() => {}, 1000); return new Promise(() => {}); });`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('close', r));
    expect(existsSync(path.join(a, '.reports.lock'))).toBe(true);
    const r = await inProcess(['add', '--archive', a, ...BASE, '--year', '2019', '--date', '2019-07-01']);
    expect(r.stderr).toMatch(/created 2019\/regular-097\.yaml/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(a, '.reports.lock'))).toBe(false);
  }, 30_000);

  it('takes over at once a lock whose holder stopped refreshing it long ago', async () => {
    const a = tempArchive();
    const lock = path.join(a, '.reports.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const r = await inProcess(['add', '--archive', a, ...BASE, '--year', '2019', '--date', '2019-07-01']);
    expect(r.status).toBe(0);
  });

  it('a write killed at any moment leaves the final file complete or absent, never partial', async () => {
    const dir = path.dirname(tempArchive());
    const writer = await srcModule('store/write');
    const size = 8 * 1024 * 1024;
    // Its end is listened for from the start: a write that finishes before the kill (on a quiet machine the last
    // delay can outlast it) has closed already, and a listener added after that would wait for ever.
    const write = (name: string) => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', `import { createExclusive } from ${JSON.stringify(writer)}; await createExclusive(${JSON.stringify(dir)}, ${JSON.stringify(name)}, 'x'.repeat(${size}));`],
        { stdio: 'ignore' },
      );
      return { child, closed: new Promise<number | null>((r) => child.on('close', r)) };
    };
    for (const delay of [0, 5, 20, 40, 80, 160]) {
      const name = `r-${delay}.yaml`;
      const p = write(name);
      await new Promise((r) => setTimeout(r, delay));
      p.child.kill('SIGKILL');
      await p.closed;
      const final = path.join(dir, name);
      // Killed, the record is there whole or not at all.
      expect(['absent', size]).toContain(existsSync(final) ? readFileSync(final).length : 'absent');
    }
    // The same write left alone does complete: the runs above were real writes, killed.
    expect(await write('r-whole.yaml').closed).toBe(0);
    expect(readFileSync(path.join(dir, 'r-whole.yaml')).length).toBe(size);
  });

  it('a leftover temp file (a write killed half-way) is hidden from the archive and never becomes a record', async () => {
    const a = tempArchive();
    writeFileSync(path.join(a, '2019', '.regular-097.yaml.tmp-99999-x-0'), 'title: half a rec');
    const l = await inProcess(['list', '--archive', a, '--json']);
    expect(JSON.parse(l.stdout).reports).toHaveLength(6);
    expect(l.stderr).toBe('');
    const r = await inProcess(['add', '--archive', a, ...BASE, '--year', '2019', '--date', '2019-07-01']);
    expect(r.stderr).toMatch(/created 2019\/regular-097\.yaml/);
  });
});
