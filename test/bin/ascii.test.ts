// The build makes the command line's bundle ASCII (scripts/ascii.mjs): every escape must mean what the character
// meant, and a template (where String.raw would see the escape) must stop the build.
import { describe, expect, it } from 'vitest';
import { asciiOnly } from '../../scripts/ascii.mjs';

/** Evaluate an expression. */
const value = (code: string): unknown => new Function(`return (${code});`)();

describe('asciiOnly', () => {
  it.each([
    ['a regular expression', '/年(\\d+)月/.exec("2019年1月")?.[1]'],
    ['with the u flag, in a class', '/^[\\p{L}·]+$/u.test("王·五")'],
    ['an identity escape of the character', '/\\年/.test("年")'],
    ['an escaped backslash before it', '/\\\\年/.test("\\\\年")'],
    ['a class range', '/[\\u4e00-\\u9fff—–]/.test("–")'],
    ['a string', '"年" + \'月\''],
    ['a name', '(() => { const 年 = 2019; return 年; })()'],
    ['a comment', '/* 年 */ 1'],
  ])('%s keeps its meaning', (_, code) => {
    const out = asciiOnly(code);
    expect(out).toMatch(/^[\x00-\x7f]*$/);
    expect(value(out)).toEqual(value(code));
  });

  it.each([
    ['String.raw', 'String.raw`年`'],
    ['a tagged template', 'tag`a${x}年`'],
    ['a template', '`年`'],
  ])('refuses %s, where the escape would be seen', (_, code) => {
    expect(() => asciiOnly(code)).toThrow(/a template holds a character outside ASCII/);
  });

  it('leaves ASCII as it is, and escapes a regular expression inside a template substitution', () => {
    expect(asciiOnly('const a = `x`;')).toBe('const a = `x`;');
    expect(asciiOnly('`${s.replace(/年/g, "")}`')).toBe('`${s.replace(/\\u5e74/g, "")}`');
  });
});
