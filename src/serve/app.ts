// `reports serve`: the archive in a browser and a JSON API, one more face over the use cases (src/app), like the
// command line. Reading needs the server's token; writing also needs `--write` and a same-origin request. Record
// text is data everywhere, as on the exported site. Port-less: `app.request()` answers in-process (the tests).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context as HonoContext } from 'hono';
import { bodyLimit } from 'hono/body-limit';
// The use cases that write (add, edit, import, fix) and OAI-PMH are loaded when first used, not with the server:
// they bring the schema (zod), yaml, the lock and the HTML parser, which the catalogue never needs. 10,000 records,
// warm: the address printed 0.50x as soon (median 297 against 590 ms in 10 interleaved pairs, loaded machine).
import type { Draft } from '../app/add.js';
import type { AppEnv } from '../app/env.js';
import type { GivenPage } from '../app/import.js';
import { archiveStats, listReports, showReport, validateArchive } from '../app/read.js';
import { proposeNext } from '../checks/sequences.js';
import { dateWindow, describeWindow } from '../checks/choices.js';
import { InputError, inputWords, InterruptedError, ReportsError, UsageError, type Words } from '../errors.js';
import { localDay } from '../model/dates.js';
import type { LoadedRecord } from '../model/record.js';
import { KINDS, parseId, type Kind } from '../model/ids.js';
import { keywordPage, reportPage, yearPage } from '../render/export/html.js';
import { FILTER_JS, SITE_CSS } from '../render/export/html-assets.js';
import { renderJson } from '../render/findings.js';
import { recordJson } from '../render/record-json.js';
import { SCHEMA_VERSION } from '../render/json-output.js';
import { readRecordText } from '../store/archive.js';
import type { NameStyle } from '../model/names.js';
import { fileTimes } from '../store/watch.js';
import type { Filters } from '../query.js';
import { FORM_FIELDS, readFields } from './fields.js';
import { LiveArchive, type Snapshot } from './live.js';
import type { OaiSettings } from './oai.js';
import {
  addFormHtml,
  catalogueHtml,
  doneHtml,
  editFormHtml,
  fixHtml,
  formWords,
  importHtml,
  keptTextHtml,
  messageHtml,
  navHtml,
  statsHtml,
  validateHtml,
  type AddFormState,
  type SearchForm,
  type ServeView,
} from './pages.js';
import { SERVE_CSS, SERVE_JS } from './assets.js';
import path from 'node:path';

export interface ServeOptions {
  /** The secret every request outside /oai must carry (query, cookie or Authorization: Bearer). */
  token: string;
  /** Forms and POSTs write to the archive; without it every write is refused (403). */
  write: boolean;
  /** The `host:port` values a request's Host header may name (DNS rebinding: any other is refused). */
  hosts: readonly string[];
  /** The catalogue's title. */
  title?: string;
  /** How the archive's pages write names (config `names`): the pages' by-lines and the Dublin Core use it. */
  nameStyle?: NameStyle;
  /** Defaults for a new report from the config (series, organization, kind), as `add` takes them. */
  configured?: Draft;
  /** What /oai says of the repository. */
  oai?: OaiSettings;
}

/** A request body larger than this is refused (413): a record is a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Uploaded pages: a page may be up to 10 MB (as `import` reads); a few of them. */
export const MAX_UPLOAD_BYTES = 24 * 1024 * 1024;
/** How many reports a page of the catalogue shows. */
export const PAGE_SIZE = 100;

/** The token's cookie: its name ends with the port, as cookies ignore ports (two servers keep a cookie each). */
export const COOKIE = 'reports_token';
export const cookieName = (host: string | undefined) => `${COOKIE}_${/:(\d+)$/.exec(host ?? '')?.[1] ?? '80'}`;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Equal secrets, compared in constant time. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The hash the fix form carries of the plan it showed. */
const planHash = (plan: { actions: unknown[]; choices: unknown[] }) => textHash(JSON.stringify([plan.actions, plan.choices]));

/** The hash an edit form carries of the text it opened. */
const textHash = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Every value of the cookie `name`. There may be several (cookies ignore the port: another server of 127.0.0.1 may
 * set one of the same name, with another path), and a malformed one is kept as it is (it then matches no token).
 */
function cookiesOf(header: string | undefined, name: string): string[] {
  const out: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0 || part.slice(0, i).trim() !== name) continue;
    const raw = part.slice(i + 1).trim();
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      out.push(raw);
    }
  }
  return out;
}

export interface Server {
  app: Hono;
  live: LiveArchive;
  /** Read the archive and make what the catalogue's first page needs, before anyone asks (never rejects). */
  prepare(): Promise<void>;
  /** Resolves when no write is running (a stop waits for it). */
  idle(): Promise<void>;
  close(): void;
}

export function createServer(env: AppEnv, o: ServeOptions): Server {
  const live = new LiveArchive(env);
  const title = o.title ?? 'Research Reports';
  const app = new Hono();
  let writing = 0;
  let idleWaiters: (() => void)[] = [];
  // Validation is the slow read (every record's checks): made once per state of the archive.
  const validated = new WeakMap<Snapshot, ReturnType<typeof validateArchive>>();

  /**
   * The archive now and the pages' model: the site's whole model (sequences for previous and next, years, key words)
   * for its report, year and key-word pages (`full`), else the page names alone, which is all the catalogue and the
   * other pages link by (10,000 records: 16 ms against 143-196 ms for the whole model, in-process, warm).
   */
  const view = async (full = false): Promise<{ snap: Snapshot; v: ServeView }> => {
    const snap = await live.current();
    const m = { ...(full ? snap.model(title, o.nameStyle) : snap.names(title, o.nameStyle)), nav: navHtml(o.write) };
    return { snap, v: { m, write: o.write } };
  };

  /** Run a write, counted (a stop waits for it), and let the next request read the archive again. */
  const write = async <T>(fn: () => Promise<T>): Promise<T> => {
    writing++;
    try {
      return await fn();
    } finally {
      live.changed();
      if (--writing === 0) {
        for (const w of idleWaiters) w();
        idleWaiters = [];
      }
    }
  };

  // ---- every response: headers that keep record text data ----
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on a form's POST.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  // ---- the Host header: only the address served (DNS rebinding) ----
  app.use('*', async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!o.hosts.includes(host)) return c.text(`refused: this server answers to ${o.hosts[0]} only, not to the host ${JSON.stringify(host)}\n`, 403);
    return next();
  });

  // ---- the token: everything but /oai (harvesters are programs; the server is reachable only where it binds) ----
  app.use('*', async (c, next) => {
    if (c.req.path === '/oai') return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const fromQuery = c.req.query('token');
    const cookies = cookiesOf(c.req.header('cookie'), cookieName(c.req.header('host')));
    const fromCookie = cookies.find((x) => sameSecret(x, o.token)) ?? cookies[0];
    const given = bearer ?? fromQuery ?? fromCookie;
    if (given === undefined || !sameSecret(given, o.token)) {
      const message = given === undefined ? 'this server needs its token: open the address it printed (…/?token=…), or send Authorization: Bearer <token>' : 'wrong token';
      return c.req.path.startsWith('/api/') ? c.json({ error: message }, 401) : c.text(`${message}\n`, 401);
    }
    c.set('bearer' as never, (bearer !== undefined) as never);
    // The first visit: the token becomes a cookie and leaves the address (history, screenshots, the Referer).
    if (fromQuery !== undefined && bearer === undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      c.header('Set-Cookie', `${cookieName(c.req.header('host'))}=${encodeURIComponent(o.token)}; Path=/; HttpOnly; SameSite=Strict`);
      // One leading slash: "//evil.example/" would be another site's address.
      return c.redirect(`/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`, 303);
    }
    return next();
  });

  // ---- writes: only with --write, only from the server's own pages (CSRF) or a script with the token ----
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === '/oai') return next();
    const api = c.req.path.startsWith('/api/');
    const refuse = (message: string) => (api ? c.json({ error: message }, 403) : c.text(`${message}\n`, 403));
    if (!o.write) return refuse('this server is read-only: start it with reports serve --write to add and edit reports');
    const origin = c.req.header('origin');
    const self = `http://${c.req.header('host')}`;
    const site = c.req.header('sec-fetch-site');
    // A browser that hides the origin ("null") still says whether the request comes from the same site.
    if (origin !== undefined && origin !== self && !(origin === 'null' && site === 'same-origin')) return refuse(`refused: a write from another site (${origin})`);
    if (origin === undefined) {
      // No Origin: a browser's same-origin request says so in Sec-Fetch-Site; a script proves itself with its token.
      const bearer = c.get('bearer' as never) as unknown as boolean;
      if (site !== 'same-origin' && !bearer) return refuse('refused: a write must come from this server\'s pages (no Origin header) or carry Authorization: Bearer <token>');
    }
    return next();
  });

  const limit = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: (c) => (c.req.path.startsWith('/api/') ? c.json({ error: `the request body is larger than ${max} bytes` }, 413) : c.text(`the request body is larger than ${max} bytes\n`, 413)),
    });
  app.use('/api/*', limit(MAX_BODY_BYTES));
  app.use('/add', limit(MAX_BODY_BYTES));
  app.use('/edit/*', limit(MAX_BODY_BYTES));
  app.use('/fix', limit(MAX_BODY_BYTES));
  app.use('/import', limit(MAX_UPLOAD_BYTES));

  // ---- static parts ----
  const asset = (body: string, type: string) => (c: HonoContext) => {
    c.header('Cache-Control', 'no-cache');
    return c.body(body, 200, { 'Content-Type': type });
  };
  app.get('/style.css', asset(SITE_CSS + SERVE_CSS, 'text/css; charset=utf-8'));
  app.get('/filter.js', asset(FILTER_JS, 'text/javascript; charset=utf-8'));
  app.get('/serve.js', asset(SERVE_JS, 'text/javascript; charset=utf-8'));
  app.get('/favicon.ico', (c) => c.body(null, 204));

  // ---- reading ----
  const formOf = (c: HonoContext): SearchForm => ({
    q: c.req.query('q') ?? '',
    year: c.req.query('year') ?? '',
    kind: c.req.query('kind') ?? '',
    author: c.req.query('author') ?? '',
    keyword: c.req.query('keyword') ?? '',
  });

  /** The filters of a query string, or the message of a bad value. */
  const filtersOf = (f: SearchForm): Filters | string => {
    const filters: Filters = {};
    if (f.year.trim()) {
      const years = f.year.split(',').map((y) => y.trim());
      if (!years.every((y) => /^\d{4}$/.test(y))) return 'year: a year is four digits, e.g. 2019';
      filters.years = years.map(Number);
    }
    if (f.kind.trim()) {
      if (!(KINDS as readonly string[]).includes(f.kind.trim())) return 'kind: regular or special';
      filters.kind = f.kind.trim() as Kind;
    }
    if (f.author.trim()) filters.author = f.author.trim();
    if (f.keyword.trim()) filters.keyword = f.keyword.trim();
    return filters;
  };

  /**
   * What list --search is given for the same query: the archive held (and its search index, held from one search to
   * the next); a search naming years reads and ranks among those years, as the command line does.
   */
  const searchInput = (snap: Snapshot, filters: Filters, q: string) => {
    const search = q.trim() || undefined;
    if (search && filters.years) return { filters, search };
    return { archive: snap.archive, searchMemo: snap.searchMemo, filters, search };
  };

  app.get('/', async (c) => {
    const { snap, v } = await view();
    const form = formOf(c);
    const filters = filtersOf(form);
    if (typeof filters === 'string') return c.html(messageHtml(v, 'Bad search', filters), 400);
    const searched = form.q.trim() !== '' || Object.keys(filters).length > 0;
    // Nothing searched: the catalogue as held (what list gives without filters), without reading every record.
    const r = searched ? await listReports(env, searchInput(snap, filters, form.q)) : { reports: snap.listed, held: snap.archive.records.length };
    const pages = Math.max(1, Math.ceil(r.reports.length / PAGE_SIZE));
    const pageNo = Math.min(pages, Math.max(1, Number(c.req.query('page')) || 1));
    const shown = r.reports.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
    const problems = new Set(snap.archive.problems.map((p) => p.file)).size;
    return c.html(catalogueHtml(v, { form, rows: r.reports, shown, held: r.held, searched, page: pageNo, pages, problems }));
  });
  app.get('/index.html', (c) => c.redirect('/', 301));

  /** A record by the name of its site page ("2019-S11.html"), by id, or undefined. */
  const byPage = (snap: Snapshot, v: ServeView, name: string): LoadedRecord | undefined => {
    const id = name.replace(/\.html$/, '');
    const direct = snap.byId.get(id.toUpperCase());
    if (direct && v.m.names.get(direct) === id) return direct;
    for (const [r, n] of v.m.names) if (n === id) return r;
    return direct;
  };

  app.get('/reports/:name', async (c) => {
    const { snap, v } = await view(true);
    const r = byPage(snap, v, c.req.param('name'));
    if (!r) return c.html(messageHtml(v, 'Not found', `no report ${c.req.param('name')} in the archive`), 404);
    let html = reportPage(v.m, r);
    if (o.write) html = html.replace('</article>', `<p class="edit"><a href="/edit/${encodeURIComponent(r.id)}">Edit this report</a></p>\n</article>`);
    return c.html(html);
  });
  app.get('/years/:year', async (c) => {
    const { v } = await view(true);
    const year = Number(c.req.param('year').replace(/\.html$/, ''));
    if (!v.m.years.has(year)) return c.html(messageHtml(v, 'Not found', `no reports of ${c.req.param('year')}`), 404);
    return c.html(yearPage(v.m, year));
  });
  app.get('/keywords/:slug', async (c) => {
    const { v } = await view(true);
    const slug = c.req.param('slug').replace(/\.html$/, '');
    const kw = [...v.m.keywords.values()].find((k) => k.slug === slug);
    if (!kw) return c.html(messageHtml(v, 'Not found', `no key word ${slug}`), 404);
    return c.html(keywordPage(v.m, kw));
  });
  app.get('/stats', async (c) => {
    const { snap, v } = await view();
    const s = await archiveStats(env, { archive: snap.archive });
    return c.html(statsHtml(v, s.sequences, s.held));
  });
  const validation = async () => {
    const snap = await live.current();
    let r = validated.get(snap);
    if (!r) validated.set(snap, (r = validateArchive(env, { archive: snap.archive })));
    return r;
  };
  app.get('/validate', async (c) => {
    const { snap, v } = await view();
    const r = await validation();
    const byFile = new Map(snap.archive.records.map((x) => [x.file, x] as const));
    return c.html(validateHtml(v, r.findings, byFile, { errors: r.summary.errors, warnings: r.summary.warnings, records: r.summary.records }));
  });

  // ---- the JSON API ----
  app.get('/api/reports', async (c) => {
    const form = formOf(c);
    const filters = filtersOf(form);
    if (typeof filters === 'string') return c.json({ error: filters }, 400);
    const lim = c.req.query('limit');
    if (lim !== undefined && (!/^\d+$/.test(lim) || Number(lim) < 1)) return c.json({ error: 'limit: a whole number of 1 or more' }, 400);
    const snap = await live.current();
    const r = await listReports(env, searchInput(snap, filters, form.q));
    const reports = lim === undefined ? r.reports : r.reports.slice(0, Number(lim));
    // list --json's document (schemaVersion, count, reports), and how many matched before the limit of how many held.
    return c.json({ schemaVersion: SCHEMA_VERSION, count: reports.length, reports: reports.map(recordJson), matched: r.reports.length, held: r.held });
  });
  app.get('/api/reports/:id', async (c) => {
    const ref = c.req.param('id');
    const snap = await live.current();
    // An id, a Total or a file the archive holds: never a path elsewhere (show takes any path; a server must not
    // read the machine's files for whoever has the token).
    const file = path.posix.normalize(ref.trim());
    const held = snap.archive.records.some((r) => r.file === file) || snap.archive.problems.some((p) => p.file === file);
    if (!held && !parseId(ref.trim()) && !/^\d+$/.test(ref.trim())) {
      return c.json({ error: `no report ${JSON.stringify(ref)} in the archive: give an id (2019-S11), a Total (1639) or a record file's path in the archive` }, 404);
    }
    try {
      const r = await showReport({ ...env, cwd: env.archive }, { ref: held ? file : ref, archive: snap.archive });
      return c.json({ schemaVersion: SCHEMA_VERSION, report: recordJson(r.report) });
    } catch (e) {
      if (e instanceof ReportsError) return c.json({ error: e.message }, 404);
      throw e;
    }
  });
  app.get('/api/validate', async (c) => {
    const r = await validation();
    return c.body(renderJson(r.findings, r.summary), 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.get('/api/stats', async (c) => {
    const s = await archiveStats(env, { archive: (await live.current()).archive });
    return c.json({ schemaVersion: SCHEMA_VERSION, sequences: s.sequences, summary: s.summary });
  });
  app.get('/api/proposal', async (c) => {
    // The dialogue's proposals for a sequence and year: the next free number, the Total the offset proves.
    const snap = await live.current();
    const series = c.req.query('series') || o.configured?.series || snap.newest[0]?.record.series || 'Research Report';
    const kind = (c.req.query('kind') || o.configured?.kind || 'regular') as Kind;
    if (!(KINDS as readonly string[]).includes(kind)) return c.json({ error: 'kind: regular or special' }, 400);
    const year = Number(c.req.query('year') || localDay(env.now()).slice(0, 4));
    const number = c.req.query('number') ? Number(c.req.query('number')) : undefined;
    if (!Number.isInteger(year) || (number !== undefined && !(number >= 1))) return c.json({ error: 'year and number are whole numbers' }, 400);
    const p = proposeNext(snap.archive.records, series, kind, year, number);
    const total = p.totalFrom === 'offset' ? p.total : undefined;
    const window = total !== undefined ? describeWindow(dateWindow(snap.archive.records, series, kind, total)) : undefined;
    return c.json({ series, kind, year, number: p.number, total, dates: window });
  });

  /** The add use case on form or JSON values; a refusal is data for the caller, worded for it. */
  const add = async (body: Record<string, unknown>, words: Words = inputWords) => {
    const read = await readFields(body);
    if (read.errors.length) return { status: 422 as const, error: 'some fields are not valid; nothing was written', fields: read.errors };
    const notices: string[] = [];
    const { addReport, AddRefusedError } = await import('../app/add.js');
    const addEnv: AppEnv = { ...env, notify: (n) => notices.push(n.wording ? n.wording(words) : n.message) };
    try {
      const r = await write(() => addReport(addEnv, { given: read.given, configured: o.configured, dryRun: read.dryRun, force: read.force }));
      return { status: (r.status === 'created' ? 201 : 200) as 201 | 200, result: r, notices };
    } catch (e) {
      if (e instanceof AddRefusedError) return { status: (e.clash ? 409 : 422) as 409 | 422, error: e.worded(words), findings: e.wordedDetails(words), forcible: e.forcible, notices };
      if (e instanceof InputError) return { status: 422 as const, error: e.worded(words), fields: e.fields.map((field) => ({ field, message: e.worded(words) })), notices };
      if (e instanceof UsageError) return { status: 422 as const, error: e.worded(words), notices };
      // The write failed (a disk, a folder, the lock): the form comes back with every answer and the reason.
      if (e instanceof ReportsError && !(e instanceof InterruptedError)) return { status: 422 as const, error: e.worded(words), notices };
      throw e;
    }
  };

  app.post('/api/reports', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the body is not JSON: send the fields as a JSON object, e.g. {"title": "…", "authors": ["Zhang Wei"]}' }, 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'the body must be a JSON object of fields' }, 400);
    const r = await add(body as Record<string, unknown>);
    if ('result' in r && r.result) {
      return c.json({ status: r.result.status, id: r.result.id, file: r.result.file, record: recordJson(r.result.record), notices: r.notices }, r.status);
    }
    return c.json({ error: r.error, ...('fields' in r ? { fields: r.fields } : {}), ...('findings' in r ? { findings: r.findings, forcible: r.forcible } : {}), notices: r.notices ?? [] }, r.status);
  });

  app.post('/api/check', async (c) => {
    // The add form's checks as one types: a dry run whose refusal is an answer (200), not a failed request.
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the body is not JSON' }, 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'the body must be a JSON object of fields' }, 400);
    const r = await add({ ...(body as Record<string, unknown>), dryRun: true });
    if ('result' in r && r.result) return c.json({ ok: true, id: r.result.id, file: r.result.file, record: recordJson(r.result.record), notices: r.notices });
    return c.json({ ok: false, error: r.error, ...('fields' in r ? { fields: r.fields } : {}), ...('findings' in r ? { findings: r.findings, forcible: r.forcible } : {}), notices: r.notices ?? [] });
  });

  // ---- the forms (with --write) ----
  const proposalsFor = async (values: Record<string, string>): Promise<AddFormState['proposals']> => {
    const snap = await live.current();
    const series = values.series || o.configured?.series || snap.newest[0]?.record.series || 'Research Report';
    const kind = ((values.kind as Kind) || o.configured?.kind || 'regular') as Kind;
    const year = /^\d{4}$/.test(values.year ?? '') ? Number(values.year) : Number(localDay(env.now()).slice(0, 4));
    const number = /^\d+$/.test(values.number ?? '') ? Number(values.number) : undefined;
    const p = proposeNext(snap.archive.records, series, kind, year, number);
    const out: AddFormState['proposals'] = { series, kind, year: String(year), number: String(p.number) };
    if (p.totalFrom === 'offset' && p.total !== undefined) out.total = String(p.total);
    if (o.configured?.organization) out.organization = o.configured.organization;
    // The dates the Total allows, as the dialogue's hint says: a higher Total is never dated earlier.
    const total = /^\d+$/.test(values.total ?? '') ? Number(values.total) : p.totalFrom === 'offset' ? p.total : undefined;
    const window = total !== undefined ? describeWindow(dateWindow(snap.archive.records, series, kind, total)) : undefined;
    if (window) out.date = `the Totals allow ${window}`;
    return out;
  };
  const writable = (c: HonoContext) => (o.write ? undefined : c.text('this server is read-only: start it with reports serve --write\n', 403));

  app.get('/add', async (c) => {
    const refused = writable(c);
    if (refused) return refused;
    const { v } = await view();
    // Values in the address fill the form (a link to "add a Special Issue of 2019": /add?kind=special&year=2019).
    const values: Record<string, string> = {};
    for (const k of FORM_FIELDS) {
      const x = c.req.query(k);
      if (x !== undefined) values[k] = x;
    }
    return c.html(addFormHtml(v, { values, proposals: await proposalsFor(values), errors: [] }));
  });
  app.post('/add', async (c) => {
    const body = (await c.req.parseBody()) as Record<string, string>;
    const values: Record<string, string> = {};
    for (const [k, x] of Object.entries(body)) if (typeof x === 'string' && k !== 'force') values[k] = x;
    const r = await add(body, formWords);
    const { v } = await view();
    if ('result' in r && r.result) {
      const { snap } = await view();
      const rec = snap.byId.get(r.result.id) ?? r.result.record;
      const { v: v2 } = await view();
      return c.html(doneHtml(v2, `Added ${r.result.id}`, [`created ${r.result.file}${r.result.record.record.total !== undefined ? ` (Total ${r.result.record.record.total})` : ''}`, ...r.notices], rec), 201);
    }
    // A key the form does not have (a page of another version, a crafted post) has no field to show its error at.
    const stray = 'fields' in r && r.fields ? r.fields.filter((e) => !(FORM_FIELDS as readonly string[]).includes(e.field)) : [];
    const state: AddFormState = {
      values,
      proposals: await proposalsFor(values),
      errors: 'fields' in r && r.fields ? r.fields : [],
      refusal:
        'fields' in r
          ? stray.length
            ? { message: r.error!, lines: stray.map((e) => e.message), forcible: false }
            : undefined
          : { message: r.error!, lines: 'findings' in r ? (r.findings ?? []) : [], forcible: 'forcible' in r ? !!r.forcible : false },
      notices: r.notices,
    };
    // The form again, with the refusal and every answer: a page like any other (200), so a browser shows it
    // without logging a failed load; the API says 422 or 409.
    return c.html(addFormHtml(v, state));
  });

  app.get('/edit/:id', async (c) => {
    const refused = writable(c);
    if (refused) return refused;
    const { snap, v } = await view();
    const r = snap.byId.get(c.req.param('id').toUpperCase());
    if (!r) return c.html(messageHtml(v, 'Not found', `no report ${c.req.param('id')}`), 404);
    const text = readRecordText(path.join(env.archive, r.file));
    return c.html(editFormHtml(v, r, text, undefined, textHash(text)));
  });
  app.post('/edit/:id', async (c) => {
    const { snap, v } = await view();
    const r = snap.byId.get(c.req.param('id').toUpperCase());
    const body = await c.req.parseBody();
    const text = typeof body.text === 'string' ? body.text.replace(/\r\n?/g, '\n') : '';
    // Renumbered or removed since the form opened: nothing is written, and the text typed stays on the page.
    if (!r) return c.html(keptTextHtml(v, `No report ${c.req.param('id')} now`, `the report was renumbered or removed since this form was opened; nothing was written. Your text is below: copy it before leaving the page.`, text), 409);
    // The form carries the hash of the text it opened: when the file holds another now (a save in another tab, an
    // edit in a terminal), saving would undo that change. The form comes back with the text typed, and the next
    // save replaces the record knowingly.
    const now = readRecordText(path.join(env.archive, r.file));
    if (typeof body.base === 'string' && body.base !== textHash(now)) {
      return c.html(
        editFormHtml(v, r, text, { message: `${r.file} was changed since this form was opened (in another tab, a terminal or by a sync); it is unchanged`, lines: ['Your text is kept below. Save again to replace the record as it is now with it, or open the report again to start from its new text.'] }, textHash(now)),
      );
    }
    try {
      const { editReport } = await import('../app/edit.js');
      const e = await write(() => editReport({ ...env, cwd: env.archive }, { ref: r.file, text }));
      const { v: v2, snap: s2 } = await view();
      const after = e.id ? s2.byId.get(e.id) : undefined;
      const what = e.status === 'unchanged' ? 'nothing changed' : e.status === 'moved' ? `renumbered: ${e.file} -> ${e.dest}` : `updated ${e.dest}`;
      return c.html(doneHtml(v2, `Edited ${e.id ?? r.id}`, [what], after));
    } catch (e) {
      if (!(e instanceof ReportsError) || e instanceof InterruptedError) throw e;
      return c.html(editFormHtml(v, r, text, { message: e.worded(formWords), lines: e.wordedDetails(formWords) }, typeof body.base === 'string' ? body.base : undefined));
    }
  });

  app.get('/import', async (c) => {
    const refused = writable(c);
    if (refused) return refused;
    const { v } = await view();
    return c.html(importHtml(v, {}));
  });
  app.post('/import', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const pages: GivenPage[] = [];
    let pastedText: string | undefined;
    if (typeof body.pages === 'string') {
      // The confirmation carries the pages it reviewed (as JSON of names and texts), so it writes what was shown.
      try {
        // A pasted page travels as its text, an uploaded file as its bytes (base64url): read again as the review read them.
        const list = JSON.parse(body.pages) as { name: string; text?: string; bytes?: string }[];
        for (const p of list) {
          if (typeof p?.name !== 'string') continue;
          if (typeof p.text === 'string') pages.push({ name: p.name, bytes: p.text });
          else if (typeof p.bytes === 'string') pages.push({ name: p.name, bytes: new Uint8Array(Buffer.from(p.bytes, 'base64url')) });
        }
      } catch {
        return c.text('the confirmation is damaged: review the pages again\n', 400);
      }
    } else {
      if (typeof body.text === 'string' && body.text.trim()) pages.push({ name: 'pasted page', bytes: (pastedText = body.text) });
      const files = ([] as unknown[]).concat(body.files ?? []).filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
      for (const f of files) if (f.size > 0) pages.push({ name: path.basename(f.name || 'upload'), bytes: new Uint8Array(await f.arrayBuffer()) });
    }
    const { v } = await view();
    if (pages.length === 0) return c.html(importHtml(v, { text: pastedText }), 400);
    const confirm = body.confirm === 'yes';
    const { importPages } = await import('../app/import.js');
    const review = await write(() => importPages({ ...env, cwd: env.archive }, { paths: [], pages, write: confirm }));
    // The pages travel with the confirmation: a pasted one as text, an upload as its bytes, so the write decodes them
    // as the review did (its character set sniffed; bytes handed on as Latin-1 text were written as mojibake).
    const field = JSON.stringify(pages.map((p) => (typeof p.bytes === 'string' ? { name: p.name, text: p.bytes } : { name: p.name, bytes: Buffer.from(p.bytes).toString('base64url') })));
    const { v: v2 } = await view();
    // A confirmation whose writes failed (a folder, the disk) keeps the pages and the button: nothing pasted is lost.
    const done = confirm && !review.items.some((i) => i.verdict === 'new' && !i.written);
    const text = pastedText ?? pages.find((p) => typeof p.bytes === 'string')?.bytes;
    return c.html(importHtml(v2, { review, pagesField: done ? undefined : field, done, text: done ? undefined : (text as string | undefined) }));
  });

  const fixing = async () => {
    const [{ fixArchive }, { renderPlan }, { makeStyle }] = await Promise.all([import('../app/fix.js'), import('../render/fix.js'), import('../render/style.js')]);
    return { fixArchive, renderPlan, makeStyle };
  };
  app.get('/fix', async (c) => {
    const refused = writable(c);
    if (refused) return refused;
    const { v } = await view();
    const { fixArchive, renderPlan, makeStyle } = await fixing();
    const r = await fixArchive(env, { apply: false });
    return c.html(fixHtml(v, r.plan, renderPlan(r.plan, makeStyle(0)).trimEnd().split('\n').filter(Boolean), undefined, planHash(r.plan)));
  });
  app.post('/fix', async (c) => {
    // The form carries the hash of the plan it showed: a plan that changed since (a git pull, a terminal's write)
    // is shown again for review, not applied unseen.
    const body = await c.req.parseBody();
    const { fixArchive, renderPlan, makeStyle } = await fixing();
    if (typeof body.plan === 'string') {
      const now = await fixArchive(env, { apply: false });
      if (planHash(now.plan) !== body.plan) {
        const { v } = await view();
        const lines = renderPlan(now.plan, makeStyle(0)).trimEnd().split('\n').filter(Boolean);
        return c.html(fixHtml(v, now.plan, lines, undefined, planHash(now.plan), 'The plan changed since it was shown (the archive changed); nothing was applied. Review it again.'));
      }
    }
    const r = await write(() => fixArchive(env, { apply: true }));
    const { v } = await view();
    return c.html(fixHtml(v, r.plan, renderPlan(r.plan, makeStyle(0)).trimEnd().split('\n').filter(Boolean), { written: r.written, removed: r.removed }));
  });

  // ---- OAI-PMH ----
  const oai = async (c: HonoContext) => {
    const params = new URLSearchParams(new URL(c.req.url).search);
    if (c.req.method === 'POST') {
      const text = await c.req.text();
      for (const [k, x] of new URLSearchParams(text)) params.append(k, x);
    }
    const [snap, { oaiResponse }] = await Promise.all([live.current(), import('./oai.js')]);
    const base = `http://${c.req.header('host')}/oai`;
    // Datestamps are read for each request: a file touched in place (same text, a new time) is a change to harvest.
    const times = fileTimes(env.archive, snap.archive.records.map((r) => r.file));
    const xml = oaiResponse(snap.archive, params, { ...o.oai, dc: { names: o.nameStyle, ...o.oai?.dc }, baseUrl: base, title, now: env.now(), mtimeOf: (f) => times.get(f) });
    return c.body(xml, 200, { 'Content-Type': 'text/xml; charset=utf-8' });
  };
  app.get('/oai', oai);
  app.post('/oai', limit(MAX_BODY_BYTES), oai);

  app.notFound(async (c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `no such resource: ${c.req.path}` }, 404);
    const { v } = await view();
    return c.html(messageHtml(v, 'Not found', `nothing at ${c.req.path}`), 404);
  });
  app.onError((e, c) => {
    const message = e instanceof ReportsError ? e.message : `unexpected error: ${e.message}`;
    const status = e instanceof ReportsError ? 422 : 500;
    return c.req.path.startsWith('/api/') ? c.json({ error: message }, status) : c.text(`${message}\n`, status);
  });

  return {
    app,
    live,
    prepare: () => view().then(
      () => undefined,
      () => undefined,
    ),
    idle: () => (writing === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: () => live.close(),
  };
}

