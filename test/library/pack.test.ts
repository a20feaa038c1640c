// The typed library API as a user gets it: the packed package installed into a scratch project, where the
// example of docs/library.md type-checks against the shipped types and prints what the page shows.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the library, packed and installed', () => {
  it('type-checks and runs the example of docs/library.md', () => {
    const work = tempDir('reports-pack-');
    // dist/ is built by `npm test` before the tests run; packing must not build again.
    npm(['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], ROOT);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^report-archive-.*\.tgz$/);
    const listed = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).split('\n');
    // The code cache holds the build's path: no installed copy could use it, so it is not shipped.
    expect(listed).not.toContain('package/dist/cli.cache');
    for (const f of ['package/LICENSE', 'package/README.md', 'package/dist/index.cjs', 'package/dist/cli.cjs', 'package/docs/library.md']) expect(listed).toContain(f);

    const app = path.join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    npm(['install', path.join(work, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], app);

    copyFileSync(path.join(ROOT, 'docs', 'examples', 'catalogue.ts'), path.join(app, 'catalogue.ts'));
    // A CommonJS module of TypeScript: require() of the package, type-checked against the same types.
    writeFileSync(
      path.join(app, 'required.cts'),
      [
        "import reports = require('report-archive');",
        "const env: reports.AppEnv = reports.createEnv({ archive: process.argv[2] ?? 'archive' });",
        'void reports.listReports(env, { filters: { years: [2019] } }).then((r) => console.log(`${r.reports.length} reports of 2019`));',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
          skipLibCheck: true,
        },
        files: ['catalogue.ts', 'required.cts'],
      }),
    );
    // Type errors fail here, with tsc's message.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { encoding: 'utf8' });

    const out = execFileSync(process.execPath, [path.join(app, 'catalogue.js'), path.join(ROOT, 'archive')], { cwd: app, encoding: 'utf8' });
    const page = readFileSync(path.join(ROOT, 'docs', 'library.md'), 'utf8');
    const shown = /On the bundled archive it prints:\n\n```\n([\s\S]*?)```/.exec(page)![1];
    expect(out).toBe(shown);

    expect(execFileSync(process.execPath, [path.join(app, 'required.cjs'), path.join(ROOT, 'archive')], { cwd: app, encoding: 'utf8' })).toBe('3 reports of 2019\n');

    // require(): the CommonJS example, with the archive read once.
    copyFileSync(path.join(ROOT, 'docs', 'examples', 'questions.cjs'), path.join(app, 'questions.cjs'));
    const required = execFileSync(process.execPath, [path.join(app, 'questions.cjs'), path.join(ROOT, 'archive')], { cwd: app, encoding: 'utf8' });
    expect(required).toBe(/questions\.cjs\)? prints:\n\n```\n([\s\S]*?)```/.exec(page)![1]);
  }, 180_000);
});

describe('docs/library.md', () => {
  it('names every export of the package', async () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'library.md'), 'utf8');
    const ts = (await import('typescript')).default;
    const source = ts.createSourceFile('index.ts', readFileSync(path.join(ROOT, 'src', 'index.ts'), 'utf8'), ts.ScriptTarget.Latest, true);
    const names: string[] = [];
    source.forEachChild((n) => {
      if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) names.push(...n.exportClause.elements.map((e) => e.name.text));
      else if ((ts.isFunctionDeclaration(n) || ts.isInterfaceDeclaration(n)) && n.name && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) names.push(n.name.text);
    });
    expect(names.length).toBeGreaterThan(60);
    expect(names.filter((n) => !page.includes(`\`${n}`) && !new RegExp(`\\b${n}\\b`).test(page))).toEqual([]);
  });
});
