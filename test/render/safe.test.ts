import { describe, expect, it } from 'vitest';
import { visible } from '../../src/render/safe.js';

describe('visible', () => {
  it.each([
    ['ESC (colours, screen clearing)', 'a\u001b[2Jb', 'a\\x1b[2Jb'],
    ['OSC 8 link with BEL', '\u001b]8;;https://x\u0007t', '\\x1b]8;;https://x\\x07t'],
    ['C1 CSI', 'a\u009b31mb', 'a\\x9b31mb'],
    ['DEL', 'a\u007fb', 'a\\x7fb'],
    ['right-to-left override', 'a\u202eb', 'a\\u202eb'],
    ['isolate', 'a\u2066b', 'a\\u2066b'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['tab and line feed', 'a\tb\nc', 'a\\x09b\\x0ac'],
    ['plain and Chinese text', 'Small towns 小镇', 'Small towns 小镇'],
  ])('writes out %s', (_what, raw, shown) => {
    expect(visible(raw)).toBe(shown);
  });

  it('keeps line feeds when asked (text of several lines)', () => {
    expect(visible('a\nb\u001b', true)).toBe('a\nb\\x1b');
  });
});
