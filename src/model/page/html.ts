// A saved report page (HTML) as the text an archivist would copy from the browser: the visible text of the main
// content in document order, then read by the page reader like a pasted page. Pure: a string in, text out.
//
// htmlparser2's streaming parser (not regular expressions) does the HTML: entities, comments, unclosed tags,
// CDATA, scripts holding "</div>" in strings. Only its Parser is used (no DOM is built): a page is read in one pass.
import { Parser } from 'htmlparser2';

export interface HtmlPage {
  /** The visible text, one block a line, paragraphs separated by a blank line. */
  text: string;
  /** The page's canonical URL (`<link rel="canonical">`, else `og:url`), when it is an absolute http(s) URL. */
  url?: string;
  notices: string[];
}

// Elements whose content is never visible text, or is the site's furniture rather than the report.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'nav', 'aside', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'select', 'option', 'button', 'textarea', 'input', 'audio', 'video', 'map', 'dialog']);
// Elements that hold the main content when a page marks it.
const MAIN = new Set(['main', 'article']);
// Elements that end a paragraph (a blank line) or a line.
const PARAGRAPH = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'figure', 'form', 'fieldset', 'address', 'hr', 'center', 'details', 'summary']);
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'legend']);
const CELL = new Set(['td', 'th']);
// class or id of the site's furniture: breadcrumbs, menus, share buttons, footers.
const CHROME_NAME = /(?:^|[\s_-])(?:breadcrumbs?|crumbs?|nav|navbar|navigation|menu|menubar|sidebar|share|social|footer|copyright|advert|ads|banner|toolbar|skip-link)(?:[\s_-]|$)/i;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

/**
 * How deeply elements may nest before the rest of the page is left unread. htmlparser2 keeps its open elements in an
 * array it adds to at the front, so each element opened costs the depth it is opened at: 100,000 nested divs took
 * 7.9 s, 200,000 25 s, a 16.5 MB page 27 minutes. A report page nests a few dozen elements; browsers stop nesting at
 * 512 too (Chromium's parser puts deeper elements beside the 512th). With this bound a page costs at most 512 steps
 * an element, linear in its size.
 */
export const MAX_HTML_DEPTH = 512;

interface Open {
  name: string;
  skip: boolean;
  main: boolean;
  pre: boolean;
}

/** An absolute http(s) URL, or undefined. */
function httpUrl(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Collects text with line and paragraph breaks; breaks only between pieces of text, never doubled. */
class TextOut {
  private parts: string[] = [];
  private pending = 0; // 0 nothing, 1 a line break, 2 a blank line, 3 a space (a table cell)
  private any = false;

  text(s: string): void {
    if (s === '') return;
    // Spaces between tags neither end a break nor start a line.
    if (s.trim() === '' && (this.pending > 0 || !this.any)) return;
    if (this.any && this.pending > 0) this.parts.push(this.pending === 3 ? ' ' : this.pending === 2 ? '\n\n' : '\n');
    this.pending = 0;
    this.parts.push(s);
    this.any = true;
  }

  /** 1 a line, 2 a paragraph, 3 a cell: the strongest pending break wins (a paragraph over a line over a cell). */
  brk(kind: 1 | 2 | 3): void {
    if (kind === 3) {
      if (this.pending === 0) this.pending = 3;
    } else if (this.pending === 3 || kind > this.pending) this.pending = kind;
  }

  result(): string {
    return this.parts
      .join('')
      .split('\n')
      .map((l) => l.replace(/[ \t]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

/** The visible text of the main content of an HTML page, and its canonical URL. Never throws. */
export function htmlToPage(html: string): HtmlPage {
  const stack: Open[] = [];
  const all = new TextOut();
  const main = new TextOut();
  let inMain = 0;
  let skipping = 0;
  let pre = 0;
  let canonical: string | undefined;
  let ogUrl: string | undefined;
  const notices: string[] = [];
  let cut: number | undefined;

  const brk = (kind: 1 | 2 | 3) => {
    all.brk(kind);
    if (inMain > 0) main.brk(kind);
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'link' && /(?:^|\s)canonical(?:\s|$)/i.test(attrs.rel ?? '')) {
          canonical ??= httpUrl(attrs.href);
          if (!httpUrl(attrs.href) && attrs.href) notices.push(`the canonical link "${attrs.href}" is not an absolute http(s) URL: not kept`);
        }
        if (name === 'meta' && (attrs.property ?? attrs.name ?? '').toLowerCase() === 'og:url') ogUrl ??= httpUrl(attrs.content);
        const hidden =
          attrs.hidden !== undefined ||
          attrs['aria-hidden']?.toLowerCase() === 'true' ||
          HIDDEN_STYLE.test(attrs.style ?? '') ||
          (attrs.type ?? '').toLowerCase() === 'hidden' ||
          attrs.role === 'navigation' ||
          CHROME_NAME.test(attrs.class ?? '') ||
          CHROME_NAME.test(attrs.id ?? '');
        // A page footer is the site's, unless it is inside the report (an article's own footer).
        const footer = name === 'footer' && inMain === 0;
        const open: Open = { name, skip: SKIP.has(name) || hidden || footer, main: MAIN.has(name) || attrs.role === 'main', pre: name === 'pre' };
        if (stack.length >= MAX_HTML_DEPTH) {
          // Deeper than any page: the rest is not read (the parser stops at once; what was read is kept).
          cut ??= parser.startIndex;
          parser.pause();
          return;
        }
        stack.push(open);
        if (open.skip) skipping++;
        if (open.main) inMain++;
        if (open.pre) pre++;
        if (skipping > 0) return;
        if (PARAGRAPH.has(name)) brk(2);
        else if (LINE.has(name)) brk(1);
        else if (CELL.has(name)) brk(3);
      },
      ontext(data) {
        if (skipping > 0 || cut !== undefined) return;
        if (pre > 0) {
          const lines = data.split(/\r?\n/);
          lines.forEach((l, i) => {
            if (i > 0) brk(1);
            all.text(l);
            if (inMain > 0) main.text(l);
          });
          return;
        }
        const t = data.replace(/\s+/g, ' ');
        all.text(t);
        if (inMain > 0) main.text(t);
      },
      onclosetag(name) {
        if (cut !== undefined) return;
        // htmlparser2 closes every element it opened (implied ends included), innermost first.
        let open: Open | undefined;
        while ((open = stack.pop())) {
          if (open.skip) skipping--;
          if (open.main) inMain--;
          if (open.pre) pre--;
          if (skipping === 0) {
            if (PARAGRAPH.has(open.name)) brk(2);
            else if (LINE.has(open.name) && open.name !== 'br') brk(1);
          }
          if (open.name === name) break;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  try {
    parser.write(html);
    if (cut === undefined) parser.end();
  } catch (e) {
    notices.push(`the HTML could not be read to its end: ${(e as Error).message}`);
  }
  if (cut !== undefined) {
    const line = lineAt(html, cut);
    notices.push(
      `the page nests elements more than ${MAX_HTML_DEPTH} deep (at line ${line}): the rest of it, from line ${line} on (${html.length - cut} of ${html.length} characters), was not read`,
    );
  }
  const mainText = main.result();
  const url = canonical ?? ogUrl;
  return { text: mainText !== '' ? mainText : all.result(), ...(url ? { url } : {}), notices };
}

/** The line (from 1) of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export { looksLikeHtml } from './format.js';
