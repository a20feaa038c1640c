// Escaping for HTML: everything that comes from a record passes through here before it reaches a page.
import { httpUrl } from '../../model/url.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Control characters are parse errors in HTML ("control-character-in-input-stream"): a C0 control shows as its
// Control Picture (U+241B for ESC), DEL as U+2421, a C1 control as U+FFFD. Tab, line feed and carriage return stay.
const UNSAFE = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const replace = (ch: string): string => {
  const html = HTML[ch];
  if (html) return html;
  const c = ch.charCodeAt(0);
  return c < 0x20 ? String.fromCharCode(0x2400 + c) : c === 0x7f ? '\u2421' : '\ufffd';
};

/** Text and (double- or single-quoted) attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(UNSAFE, replace);
}

// Han, kana and hangul, and the punctuation that goes with them.
const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}';
const CJK_PUNCT = '\\u3000-\\u303f\\u30fb\\uff00-\\uffef';
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
// A run of such text, with spaces, digits and punctuation inside it (not at its ends): "乡村振兴 2.0 战略".
const CJK_RUN = new RegExp(`[${CJK}](?:[${CJK}${CJK_PUNCT}\\s\\d.,·]*[${CJK}${CJK_PUNCT}])?`, 'gu');
const KANA = /[\p{sc=Hiragana}\p{sc=Katakana}]/u;
const HANGUL = /\p{sc=Hangul}/u;

/** The language of a run of Chinese, Japanese or Korean text, told by its script: kana ja, hangul ko, else zh. */
export const cjkLang = (run: string): string => (KANA.test(run) ? 'ja' : HANGUL.test(run) ? 'ko' : 'zh');

/**
 * Text for an element of an English page: escaped, and each run of Chinese, Japanese or Korean text marked with
 * its `lang`, so that browsers pick the right fonts and screen readers the right voice.
 * Most text has none; one test of a regular expression is all it costs then.
 */
export function textHtml(s: string): string {
  const escaped = escapeHtml(s);
  if (!HAS_CJK.test(escaped)) return escaped;
  return escaped.replace(CJK_RUN, (run) => `<span lang="${cjkLang(run)}">${run}</span>`);
}

/**
 * A value as JSON inside <script type="application/ld+json">: "<", ">" and "&" are written as \u escapes so that
 * no "</script>" or "<!--" in a record can end or change the script; U+2028/2029 and C1 controls are escaped too
 * (older JavaScript parsers and the HTML parser treat them as breaks or errors).
 */
export function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An external link target: only http(s) URLs are linked (no javascript:, data:); undefined otherwise. */
export function safeHref(u: string | undefined): string | undefined {
  if (!u) return undefined;
  return httpUrl(u)?.toString();
}
