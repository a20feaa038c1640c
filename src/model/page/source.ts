// A report page as it comes from a file or stdin (bytes: a pasted page, or a page saved from the browser as HTML
// in any declared character set) turned into fields. Pure: bytes in, fields out; the caller reads the file.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { htmlToPage } from './html.js';
import { declaredCharset, formatOfName, looksLikeHtml, readPlainPage, type PageFormat, type PageRead } from './format.js';
import { parsePage } from './read.js';

export { declaredCharset, formatOfName, type PageFormat, type PageRead } from './format.js';

export interface PageText {
  /** The text the page reader reads: the page itself, or the visible text of the HTML. */
  text: string;
  format: PageFormat;
  /** The character set the bytes were read in, e.g. "utf-8", "gbk". */
  charset: string;
  /** The canonical URL of an HTML page. */
  url?: string;
  notices: string[];
}


/**
 * Decode a page: a byte order mark wins; then the charset an HTML page declares (GBK, GB2312, Big5, Shift_JIS...,
 * read with iconv-lite); else UTF-8. `name` (the file name) tells HTML by its extension; without one (stdin) the
 * content does.
 */
export function pageText(input: Uint8Array | string, name?: string): PageText {
  const notices: string[] = [];
  let text: string;
  let charset = 'utf-8';
  if (typeof input === 'string') text = input;
  else {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = bytes.toString('utf8', 3);
    else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      charset = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
      text = iconv.decode(bytes, charset);
    } else {
      const head = bytes.toString('latin1', 0, Math.min(bytes.length, 4096));
      const declared = formatOfName(name) !== 'text' && (formatOfName(name) === 'html' || looksLikeHtml(head)) ? declaredCharset(head) : undefined;
      // A page's own declaration of UTF-16 cannot be right (its bytes were read to find it): HTML reads it as UTF-8.
      const legacy = declared && !/^(?:utf-?8|unicode-1-1-utf-8|us-ascii|ascii|utf-?16(?:le|be)?)$/.test(declared) ? declared : undefined;
      const valid = isUtf8(bytes);
      if (legacy && valid && /[\x80-\xff]/.test(bytes.toString('latin1'))) {
        // Bytes that are valid UTF-8 beyond ASCII are almost never text of another character set: a page saved
        // again as UTF-8 that kept its old declaration. Read as UTF-8, and say so.
        notices.push(`the page declares the character set "${legacy}" but its bytes are UTF-8: read as UTF-8 (check the text against the page)`);
        text = bytes.toString('utf8');
      } else if (legacy) {
        // GB2312 and GBK pages often hold characters only GB18030 (their superset) names: read them as GB18030.
        const label = /^(?:gb2312|gbk|gb_2312-80|x-gbk|cp936|windows-936|gb18030)$/.test(legacy) ? 'gb18030' : legacy;
        if (iconv.encodingExists(label)) {
          charset = legacy;
          text = iconv.decode(bytes, label);
          const lost = unreadable(text);
          if (lost > 0) notices.push(`the page is not valid "${legacy}": ${lost} character${lost === 1 ? '' : 's'} could not be read (shown as U+FFFD); check the text against the page`);
        } else {
          notices.push(`the page declares the character set "${legacy}", which is not known: read as UTF-8`);
          text = bytes.toString('utf8');
        }
      } else text = bytes.toString('utf8');
      if (charset === 'utf-8' && !valid && !(legacy && !iconv.encodingExists(legacy))) {
        const lost = unreadable(text);
        notices.push(
          `the page is not valid UTF-8${declared ? '' : ' and declares no character set'}: ${lost > 0 ? `${lost} character${lost === 1 ? '' : 's'}` : 'some characters'} could not be read (shown as U+FFFD); save it as UTF-8, or as HTML with its charset`,
        );
      }
    }
  }
  const format = formatOfName(name) ?? (looksLikeHtml(text) ? 'html' : 'text');
  if (format === 'text') return { text, format, charset, notices };
  const page = htmlToPage(text);
  return { text: page.text, format, charset, ...(page.url ? { url: page.url } : {}), notices: [...notices, ...page.notices] };
}

/** How many U+FFFD a text holds (a decoder's mark for bytes it could not read). */
function unreadable(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\uFFFD'); i >= 0; i = s.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** Read a page's bytes (or text) into fields: decoding, HTML, then the page reader. Never throws. */
export function readPage(input: Uint8Array | string, name?: string): PageRead {
  const plain = readPlainPage(input, name);
  if (plain) return plain;
  const src = pageText(input, name);
  const r = parsePage(src.text);
  if (src.url) r.fields.url = src.url;
  return { ...r, notices: [...src.notices, ...r.notices], format: src.format, charset: src.charset };
}
