// The page reader: one entry for a report page as it comes from a file or stdin. Bytes (a pasted page, a page
// saved as HTML in any declared character set) and the file's name in; the record's fields, the fields the page
// did not show and what the reader noticed out. Pure.
//
// Inside: source.ts decodes the bytes and hands HTML to html.ts; format.ts tells the kind of page and reads a
// plain-text page without loading the HTML parser; read.ts reads the text's lines into fields; lines.ts is how a
// page writes the numbering (title suffix, by-line, series line), used both ways.
export { readPage, pageText, type PageText } from './source.js';
export { declaredCharset, formatOfName, type PageFormat, type PageRead } from './format.js';
export { PAGE_FIELDS, type PageFields, type PageImport } from './read.js';
