// The site's one stylesheet and its one script. Small on purpose; the pages work without the script.

export const SITE_CSS = `:root { color-scheme: light; --ink: #1d2733; --muted: #5a6572; --line: #d8dde3; --accent: #0b5394; --band: #f3f5f7; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: #fff; display: flex; flex-direction: column; min-height: 100vh; }
.wrap, main { width: 100%; max-width: 66rem; margin: 0 auto; padding-left: 1rem; padding-right: 1rem; }
header.site { background: var(--accent); padding: .75rem 0; }
header.site .brand { display: inline-block; margin: 0; font-size: 1.3rem; line-height: 1.3; font-weight: 600; color: #fff; text-decoration: none; }
main { flex: 1 0 auto; padding-top: 1rem; padding-bottom: 2rem; }
footer.site { border-top: 1px solid var(--line); background: var(--band); color: var(--muted); font-size: .85rem; padding: .9rem 0; }
h1 { font-size: 1.55rem; line-height: 1.3; margin: .6rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin: 2rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 1.3rem 0 .4rem; color: var(--muted); }
main > section.year:first-of-type > h2, main > section.year:first-of-type > h3:first-child { margin-top: 1rem; }
a { color: var(--accent); }
.count, .summary, .crumbs, .total, .suffix { color: var(--muted); }
.total, time { white-space: nowrap; }
.crumbs { font-size: .9rem; }
.suffix { font-weight: normal; }
.byline { font-style: italic; }
.series { font-weight: 600; }
.abstract p, .keywords, .byline, .source { overflow-wrap: anywhere; }
article.report { max-width: 48rem; }
.filter { margin: 1rem 0; display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.filter input { flex: 1 1 14rem; max-width: 28rem; font: inherit; padding: .45rem .6rem; border: 1px solid #aab3bd; border-radius: 4px; }
.years a { margin-right: .4rem; }
table.reports { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: .95rem; }
col.c-id { width: 6.2rem; }
col.c-num { width: 13rem; }
col.c-authors { width: 11rem; }
col.c-date { width: 6.6rem; }
table.reports th, table.reports td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
table.reports th { background: var(--band); font-size: .85rem; }
table.reports td.id, table.reports td.date { white-space: nowrap; }
table.reports td.title, table.reports td.authors { overflow-wrap: anywhere; }
table.reports td.num { font-size: .9rem; }
ul.keywords { list-style: none; padding: 0; columns: 16rem; }
ul.keywords li { break-inside: avoid; }
.prevnext { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2rem; border-top: 1px solid var(--line); padding-top: 1rem; }
.prevnext a { max-width: 48%; text-decoration: none; }
.prevnext a[rel=next] { margin-left: auto; text-align: right; }
.prevnext span { color: var(--ink); font-size: .9rem; }
[hidden] { display: none !important; }
@media (max-width: 40rem) {
  .wrap, main { padding-left: .75rem; padding-right: .75rem; }
  h1 { font-size: 1.3rem; }
  header.site .brand { font-size: 1.15rem; }
  table.reports thead, table.reports colgroup { display: none; }
  table.reports, table.reports tbody, table.reports tr, table.reports td { display: block; width: 100%; }
  table.reports tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
  table.reports td { border: 0; padding: .05rem 0; }
  table.reports td.id, table.reports td.num, table.reports td.date { display: inline; font-size: .85rem; color: var(--muted); margin-right: .4rem; }
  table.reports td.num { white-space: normal; }
  table.reports td.title { font-weight: 600; padding-top: .2rem; }
  .prevnext { flex-direction: column; }
  .prevnext a { max-width: 100%; }
  .prevnext a[rel=next] { margin-left: 0; text-align: left; }
}
@media print {
  header.site, footer.site, .filter, .prevnext, .years, .crumbs { display: none !important; }
  body { font-size: 11pt; color: #000; display: block; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  tr, .abstract p { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
`;

// Narrows the catalogue's rows as one types: every word must occur in the row or its key words (any case), anywhere
// in them: 小镇 finds 特色小镇, as list --search does. Hides empty sections.
export const FILTER_JS = `(function () {
  'use strict';
  var form = document.getElementById('filter');
  var input = document.getElementById('q');
  var shown = document.getElementById('shown');
  if (!form || !input) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.reports tbody tr'));
  var texts = rows.map(function (tr) { return (tr.textContent + ' ' + (tr.getAttribute('data-k') || '')).toLowerCase(); });
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.sequence, section.year'));
  form.hidden = false;
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
      rows[i].hidden = !ok;
      if (ok) n++;
    }
    for (var j = sections.length - 1; j >= 0; j--) {
      sections[j].hidden = !sections[j].querySelector('tbody tr:not([hidden])');
    }
    shown.textContent = words.length ? n + ' of ' + rows.length + ' shown' : '';
  }
  input.addEventListener('input', apply);
  if (input.value) apply();
})();
`;
