// What kind of page a file or stdin holds, and the plain-text page read without the HTML parser or the character
// set tables: `add --from-text page.txt` does not load them (about 45 ms on an idle machine, 200-300 ms loaded).
import { parsePage, type PageImport } from './read.js';

export type PageFormat = 'text' | 'html';

/** A page read into fields, with its URL (from an HTML page) among them. */
export interface PageRead extends PageImport {
  format: PageFormat;
  charset: string;
}

/** The charset an HTML page declares in its first bytes (`<meta charset>` or the http-equiv Content-Type). */
export function declaredCharset(head: string): string | undefined {
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

/** The name a page file's extension implies, or undefined when only the content can tell. */
export function formatOfName(name: string | undefined): PageFormat | undefined {
  if (!name) return undefined;
  if (/\.x?html?$/i.test(name)) return 'html';
  if (/\.txt$/i.test(name)) return 'text';
  return undefined;
}

/** True when `text` is an HTML document rather than a pasted page (for HTML given on stdin). */
export function looksLikeHtml(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').slice(0, 4096).trimStart();
  if (/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|base)\b/i.test(start)) return true;
  // A fragment saved from a page: several tags of the common block kinds early on.
  return (start.match(/<\/?(?:div|p|h[1-6]|span|table|tr|td|br|a|ul|li|article|section)\b[^>]*>/gi)?.length ?? 0) >= 3 && start.startsWith('<');
}

/**
 * A page that is plain UTF-8 text (not HTML by name or content, no UTF-16 byte order mark) read into fields; undefined
 * for any other page, which source.ts reads. Never throws.
 */
export function readPlainPage(input: Uint8Array | string, name?: string): PageRead | undefined {
  const format = formatOfName(name);
  if (format === 'html') return undefined;
  let text: string;
  const notices: string[] = [];
  if (typeof input === 'string') text = input;
  else {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return undefined;
    if (format === undefined && looksLikeHtml(bytes.toString('latin1', 0, Math.min(bytes.length, 4096)))) return undefined;
    text = bytes.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
    if (text.includes('\uFFFD')) {
      notices.push('the page is not valid UTF-8 and declares no character set: some characters could not be read (save it as UTF-8, or as HTML with its charset)');
    }
  }
  if (format === undefined && looksLikeHtml(text)) return undefined;
  const r: PageImport = parsePage(text);
  return { ...r, notices: [...notices, ...r.notices], format: 'text', charset: 'utf-8' };
}
