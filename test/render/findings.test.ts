import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderGithub, renderJson, renderText } from '../../src/render/findings.js';
import { summarise } from '../../src/checks/index.js';
import { makeStyle } from '../../src/render/style.js';
import type { CheckFinding } from '../../src/checks/index.js';

const f = (over: Partial<CheckFinding>): CheckFinding => ({ severity: 'error', code: 'total-offset', message: 'm', file: '2018/regular-146.yaml', line: 9, column: 8, ...over });

describe('GitHub annotations', () => {
  it('escapes %, CR and LF in the message, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(renderGithub([f({ file: 'odd,name:x.yaml', message: 'a: b, 50%\nc' })], 'arc')).toBe(
      '::error file=arc/odd%2Cname%3Ax.yaml,line=9,col=8,title=total-offset::a: b, 50%25%0Ac\n',
    );
  });
});

describe('text and JSON', () => {
  it('groups by file with a blank line between files, then the summary', () => {
    const fs = [f({}), f({ severity: 'warning', code: 'number-gap', line: 10 }), f({ file: '2019/regular-001.yaml', line: 1, column: 1 })];
    const s = summarise(fs, 3, 3, false);
    expect(renderText(fs, s, 'archive', makeStyle(0))).toBe(
      [
        'archive/2018/regular-146.yaml:9:8  error  total-offset  m',
        'archive/2018/regular-146.yaml:10:8  warning  number-gap  m',
        '',
        'archive/2019/regular-001.yaml:1:1  error  total-offset  m',
        '',
        '3 records checked: 2 errors, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('JSON splits errors and warnings and keeps related', () => {
    const fs = [f({ related: ['2018/regular-003.yaml'] }), f({ severity: 'warning', code: 'missing-date' })];
    const j = JSON.parse(renderJson(fs, summarise(fs, 2, 2, true)));
    expect(j.errors[0].related).toEqual(['2018/regular-003.yaml']);
    expect(j.warnings[0].code).toBe('missing-date');
    expect(j.summary).toEqual({ files: 2, records: 2, errors: 1, warnings: 1, strict: true, ok: false });
  });
});
