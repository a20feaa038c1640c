// Saved HTML pages: the visible text of the main content, in document order, read like a pasted page; the
// canonical URL kept; declared character sets (GBK) decoded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { htmlToPage, looksLikeHtml } from '../../src/model/page/html.js';
import { declaredCharset, pageText, readPage } from '../../src/model/page/source.js';
import { accuracy, FIELDS, scorePages } from './page-accuracy.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'pages', 'html');
const bytes = (name: string) => readFileSync(path.join(DIR, name));

describe('saved HTML pages read to the fields they show', () => {
  const scores = scorePages(DIR, (f) => readPage(readFileSync(f), f));
  it.each(scores.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    expect(s.wrong).toEqual([]);
  });
  it('all of them, url included', () => {
    expect(scores.length).toBe(5);
    expect(accuracy(scores)).toBe(1);
    expect(FIELDS).toContain('url');
  });
});

describe('htmlToPage', () => {
  const drc = htmlToPage(bytes('drc-style.html').toString('utf8'));
  it('drops scripts (even one holding "</div>" in a string), styles, navigation, banners, breadcrumbs, hidden elements and the site footer', () => {
    expect(drc.text).not.toMatch(/Nobody|Injected|track\(|font-family|About DRC|Hidden promotional|Copyright/);
    // The banner and the breadcrumb go with their class names; the reader would have dropped them too.
    expect(drc.text.split('\n\n')).toEqual([
      'Analysis on the Changes of Economic Pattern in Northeast China (No.124, 2018)',
      'By Shi Hongda, General Office of DRC',
      'Research Report, No.124, 2018 (Total 5399) 2018-8-8',
      expect.stringMatching(/^Abstract: This fixture abstract/),
      'Key words: northeast China, economic pattern, core cities',
    ]);
  });
  it('prefers the canonical link to og:url', () => {
    expect(drc.url).toBe('https://en.drc.gov.cn/2018-08/08/content_fixture124.htm');
  });
  it('takes only the main content when the page marks it (main, article, role=main), without hidden or aria-hidden parts', () => {
    const p = htmlToPage(bytes('article-main.html').toString('utf8'));
    expect(p.text).not.toMatch(/Related reports|Another Report|Contact us|WeChat|hidden span|Home/);
    expect(p.text.startsWith('Special Issues\n\nThe Strategic Significance')).toBe(true);
    expect(p.url).toBe('https://en.drc.gov.cn/2019-01/25/content_fixture9.htm');
  });
  it('keeps only absolute http(s) URLs, and says when it refused one', () => {
    const p = htmlToPage(bytes('chrome-in-content.html').toString('utf8'));
    expect(p.url).toBeUndefined();
    expect(p.notices.join('\n')).toMatch(/canonical link "javascript:alert\(1\)" is not an absolute http\(s\) URL/);
    expect(htmlToPage('<link rel="canonical" href="/relative/path"><p>x</p>').url).toBeUndefined();
    expect(htmlToPage('<meta property="og:url" content="ftp://example.org/x"><p>x</p>').url).toBeUndefined();
  });
  it('decodes entities, keeps <br> as a line break and table cells apart', () => {
    const p = htmlToPage('<table><tr><td>Abstract:</td><td>A &amp; B&nbsp;C<br>D</td></tr></table><p>E&lt;F&gt;</p>');
    expect(p.text).toBe('Abstract: A & B C\nD\n\nE<F>');
  });
  it('never throws on broken HTML', () => {
    expect(() => htmlToPage('<div><p>unclosed <b>bold <script>if (a < b) {')).not.toThrow();
    expect(htmlToPage('<div><p>unclosed <b>bold <script>if (a < b) {').text).toBe('unclosed bold');
  });
});

describe('character sets', () => {
  it('reads a GBK page (declared gb2312) from its bytes', () => {
    const raw = bytes('gbk.html');
    expect(raw.includes(Buffer.from('特色小镇', 'utf8'))).toBe(false); // the file really is GBK
    const r = readPage(raw, 'gbk.html');
    expect(r.charset).toBe('gb2312');
    expect(r.fields.title).toBe('特色小镇的发展与挑战');
    expect(r.fields.keywords).toEqual(['特色小镇', '创新', '挑战']);
  });
  it('reads characters only GB18030 has in a page declared GBK', () => {
    const html = '<html><head><meta charset="gbk"></head><body><p>𠀀 and 镕</p></body></html>';
    expect(pageText(iconv.encode(html, 'gb18030'), 'x.html').text).toBe('𠀀 and 镕');
  });
  it('finds the declared charset in either meta form', () => {
    expect(declaredCharset('<meta charset="GBK">')).toBe('gbk');
    expect(declaredCharset('<meta http-equiv="Content-Type" content="text/html; charset=big5" />')).toBe('big5');
    expect(declaredCharset('<p>no meta</p>')).toBeUndefined();
  });
  it('says so when the bytes are not UTF-8 and nothing is declared', () => {
    const t = pageText(iconv.encode('Title 特色 (No.1, 2019)', 'gbk'), 'page.txt');
    expect(t.notices.join('\n')).toMatch(/not valid UTF-8 and declares no character set/);
  });
  it('an unknown declared charset is read as UTF-8, with a notice', () => {
    const t = pageText(Buffer.from('<html><head><meta charset="x-klingon"></head><body><p>ok</p></body></html>'), 'a.html');
    expect(t.text).toBe('ok');
    expect(t.notices.join('\n')).toMatch(/"x-klingon", which is not known/);
  });
  it('a UTF-8 BOM and a UTF-16 BOM are honoured', () => {
    expect(pageText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>é</p>')]), 'a.html').text).toBe('é');
    expect(pageText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>é</p>', 'utf16le')]), 'a.html').text).toBe('é');
  });
});

describe('HTML told by content (stdin has no name)', () => {
  it.each([
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', true],
    ['\uFEFF  <!-- saved --> <html lang="en">', true],
    ['<div class="a"><h1>T</h1><p>By A</p></div>', true],
    ['Title (No.1, 2019)\nBy A <b>', false],
    ['You Are Here: Home > Reports\nTitle', false],
  ])('%j -> %s', (text, html) => {
    expect(looksLikeHtml(text)).toBe(html);
  });
  it('a page given without a name is read as HTML when it is HTML', () => {
    const r = readPage(bytes('drc-style.html'));
    expect(r.format).toBe('html');
    expect(r.fields.number).toBe(124);
    expect(readPage('Title (No.1, 2019)\nBy Li Wei\n').format).toBe('text');
  });
});
