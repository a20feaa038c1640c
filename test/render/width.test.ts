import { describe, expect, it } from 'vitest';
import { displayWidth, pad, wrapText } from '../../src/render/width.js';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['Small towns', 11],
    ['新时代', 6],
    ['小镇 towns', 10],
    ['ＡＢ', 4], // fullwidth forms
    ['한국어', 6],
    ['e\u0301', 1], // e + combining acute
    ['\u001b[36m2019-S11\u001b[39m', 8], // colour codes take no room
    ['🚀', 2],
    ['👨‍👩‍👧', 2], // a family: three emoji joined, one grapheme
    ['🇨🇳', 2], // a flag: two regional indicators
    ['👍🏽', 2], // an emoji with a skin tone
    ['a\u00adb\u200bc', 3], // a soft hyphen and a zero-width space take no column
  ])('%j takes %i columns', (s, w) => {
    expect(displayWidth(s)).toBe(w);
  });

  it('wraps between graphemes, never inside one', () => {
    const lines = wrapText('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧 🇨🇳🇨🇳', 4);
    expect(lines).toEqual(['👨‍👩‍👧👨‍👩‍👧', '👨‍👩‍👧', '🇨🇳🇨🇳']);
  });

  it('pads by display width', () => {
    expect(pad('新', 4)).toBe('新  ');
    expect(pad('12', 4, 'right')).toBe('  12');
  });
});

describe('wrapText', () => {
  const TITLE = '新时代中国特色小镇发展的进展与挑战：一项关于城乡融合的研究报告';

  it.each([6, 10, 17, 30])('wraps a Chinese title at %i columns without losing a character', (width) => {
    const lines = wrapText(TITLE, width);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
    expect(lines.join('')).toBe(TITLE);
  });

  it('breaks English at spaces, and a word longer than the line inside it', () => {
    expect(wrapText('Small towns with distinctive local features', 12)).toEqual(['Small towns', 'with', 'distinctive', 'local', 'features']);
    expect(wrapText('Countermeasures', 6)).toEqual(['Counte', 'rmeasu', 'res']);
  });

  it('mixes: Chinese after English breaks between the wide characters', () => {
    const lines = wrapText('Report 城乡融合研究', 10);
    expect(lines).toEqual(['Report 城', '乡融合研究']);
  });

  it('collapses line breaks and runs of spaces; keeps short text as it is', () => {
    expect(wrapText('a\n  b', 10)).toEqual(['a b']);
  });
});
