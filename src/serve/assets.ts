// The server's additions to the site's stylesheet, and its one script: search as you type on the catalogue, the
// add form's proposals and checks as you type. Pages work without the script (forms post, pages render on the
// server); the script builds elements with textContent only, never HTML from data.

export const SERVE_CSS = `
header.site .wrap { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1.2rem; }
nav.serve { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
nav.serve a { color: #fff; text-decoration: none; font-size: .95rem; }
nav.serve a:hover, nav.serve a:focus { text-decoration: underline; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: flex-end; margin: 1rem 0; }
form.search label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
form.search label:first-child { flex: 1 1 16rem; }
form.search input, form.search select, form.record input, form.record select, form.record textarea { font: inherit; padding: .4rem .55rem; border: 1px solid #aab3bd; border-radius: 4px; color: var(--ink); background: #fff; max-width: 100%; }
button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
form.record { max-width: 44rem; }
form.record .field { display: flex; flex-direction: column; margin: 0 0 .8rem; }
form.record .field label { font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
form.record .field.force label { font-weight: normal; }
form.record textarea { width: 100%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; }
form.record textarea[name=abstract] { font-family: inherit; font-size: 1rem; }
.error, .warning, .refusal { color: #a61b1b; }
.refusal { border: 1px solid #e3b4b4; background: #fdf3f3; border-radius: 4px; padding: .2rem 1rem; margin: 1rem 0; max-width: 44rem; overflow-wrap: anywhere; }
.checks { font-size: .9rem; max-width: 44rem; overflow-wrap: anywhere; }
.checks .ok { color: #1d6b2f; }
.notice, .hint { color: var(--muted); }
.hint { font-size: .85rem; }
table.stats, table.review { border-collapse: collapse; width: 100%; font-size: .95rem; }
table.stats th, table.stats td, table.review th, table.review td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.stats td.gaps, table.review td { overflow-wrap: anywhere; }
ul.findings { list-style: none; padding: 0; }
ul.findings li { border-bottom: 1px solid var(--line); padding: .5rem 0; overflow-wrap: anywhere; }
ul.findings .severity { font-weight: 600; text-transform: uppercase; font-size: .8rem; }
ul.findings li.error .severity { color: #a61b1b; }
ul.findings li.warning .severity { color: #8a5a00; }
nav.pages { display: flex; justify-content: space-between; margin-top: 1rem; }
pre.plan { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--band); padding: .8rem; border-radius: 4px; }
@media (max-width: 40rem) {
  form.search { gap: .4rem .6rem; }
  form.search label { flex: 1 1 40%; min-width: 0; }
  form.search label:first-child { flex: 1 1 100%; }
  form.search input, form.search select { width: 100%; }
  table.stats thead { display: none; }
  table.stats tr, table.stats td { display: block; }
  table.stats tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.stats td { border: 0; padding: 0; }
}
`;

export const SERVE_JS = `'use strict';
(function () {
  var form = document.getElementById('search');
  var results = document.getElementById('results');
  var shown = document.getElementById('shown');
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function numbering(r) {
    return (r.kind === 'special' ? 'Special Issue, ' : '') + 'No.' + r.number + ', ' + r.year;
  }
  function render(data) {
    results.textContent = '';
    if (!data.reports.length) {
      results.appendChild(el('p', '', data.held ? 'No reports match.' : 'No reports in the archive.'));
    } else {
      var table = el('table', 'reports');
      var head = el('thead');
      var hr = el('tr');
      ['Id', 'Numbering', 'Title', 'Authors', 'Date'].forEach(function (h) { var th = el('th', '', h); th.scope = 'col'; hr.appendChild(th); });
      head.appendChild(hr);
      table.appendChild(head);
      var body = el('tbody');
      data.reports.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('td', 'id', r.id));
        tr.appendChild(el('td', 'num', numbering(r) + (r.total !== undefined ? ' (Total ' + r.total + ')' : '')));
        var title = el('td', 'title');
        var a = el('a', '', r.title);
        a.href = '/reports/' + encodeURIComponent(r.id) + '.html';
        title.appendChild(a);
        tr.appendChild(title);
        tr.appendChild(el('td', 'authors', (r.authors || []).join(', ')));
        tr.appendChild(el('td', 'date', r.date || ''));
        body.appendChild(tr);
      });
      table.appendChild(body);
      results.appendChild(table);
    }
    shown.textContent = data.matched + ' report' + (data.matched === 1 ? '' : 's') + ' of ' + data.held + ' match' + (data.matched > data.reports.length ? ' (the first ' + data.reports.length + ' shown)' : '') + '.';
  }
  if (form && results && shown) {
    var timer = 0;
    var asked = 0;
    var search = function () {
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
      history.replaceState(null, '', params.toString() ? '/?' + params.toString() : '/');
      params.set('limit', '100');
      var mine = ++asked;
      fetch('/api/reports?' + params.toString(), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : res.json().then(function (e) { throw new Error(e.error); }); })
        .then(function (data) { if (mine === asked) render(data); })
        .catch(function (e) { if (mine === asked) shown.textContent = String(e.message || e); });
    };
    form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 120); });
    form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); search(); });
  }

  var add = document.getElementById('add');
  var checks = document.getElementById('checks');
  if (add && checks) {
    var t2 = 0;
    var n2 = 0;
    var fields = function () {
      var o = {};
      new FormData(add).forEach(function (v, k) { if (k !== 'force' && String(v).trim() !== '') o[k] = String(v); });
      return o;
    };
    var propose = function () {
      var f = fields();
      var q = new URLSearchParams();
      ['series', 'kind', 'year', 'number'].forEach(function (k) { if (f[k]) q.set(k, f[k]); });
      fetch('/api/proposal?' + q.toString(), { credentials: 'same-origin' })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (p) {
          if (!p) return;
          add.elements.number.placeholder = String(p.number);
          add.elements.total.placeholder = p.total !== undefined ? String(p.total) : '';
          var hint = document.getElementById('hint-date');
          if (hint) hint.textContent = p.dates ? 'the Totals allow ' + p.dates : '';
        })
        .catch(function () {});
    };
    var check = function () {
      var f = fields();
      if (!f.title || !f.authors) { checks.textContent = ''; return; }
      var mine = ++n2;
      fetch('/api/check', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(f) })
        .then(function (res) { return res.json(); })
        .then(function (b) {
          if (mine !== n2) return;
          var r = { body: b };
          checks.textContent = '';
          if (b.ok) {
            checks.appendChild(el('p', 'ok', 'Checks pass: it would be ' + r.body.id + (r.body.record.total !== undefined ? ', Total ' + r.body.record.total : '') + ' (' + r.body.file + ').'));
          } else {
            checks.appendChild(el('p', 'error', r.body.error));
            var list = el('ul', 'error');
            (r.body.findings || []).forEach(function (l) { list.appendChild(el('li', '', l)); });
            (r.body.fields || []).forEach(function (e) { list.appendChild(el('li', '', e.field + ': ' + e.message)); });
            if (list.childNodes.length) checks.appendChild(list);
          }
          (r.body.notices || []).forEach(function (n) { checks.appendChild(el('p', 'notice', n)); });
        })
        .catch(function () {});
    };
    add.addEventListener('input', function (e) {
      var name = e.target && e.target.name;
      if (name === 'series' || name === 'kind' || name === 'year' || name === 'number') propose();
      clearTimeout(t2);
      t2 = setTimeout(check, 250);
    });
  }
})();
`;
