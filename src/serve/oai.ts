// OAI-PMH 2.0 at /oai: what repository harvesters (library catalogues, aggregators) collect. Records in oai_dc,
// mapped by the one Dublin Core function the static `export oai` uses; sets are the sequences and the years;
// datestamps are the record files' change times. Resumption tokens carry the place in the list (the last record
// file given), so a harvest collects every record once even when reports are added meanwhile. Pure: the archive
// and the file times in, XML out.
import type { Archive } from '../store/archive.js';
import type { LoadedRecord } from '../model/record.js';
import { dublinCore, oaiDcXml, xmlText, OAI_DC_NS, OAI_DC_SCHEMA, type DublinCoreSettings } from '../render/export/dublin-core.js';
import { isDefaultSeries } from '../render/export/names.js';

export interface OaiSettings {
  /** Identify's repositoryName (default: the catalogue's title). */
  repositoryName?: string;
  /** Identify's adminEmail (the protocol requires one). */
  adminEmail?: string;
  /** The namespace of the OAI identifiers, a domain name: oai:<it>:2019-S11. */
  repositoryId?: string;
  /** The Dublin Core mapping's settings (the site's base URL, the organization, how names are written). */
  dc?: DublinCoreSettings;
  /** Records per ListRecords / ListIdentifiers response; more come with a resumption token. */
  pageSize?: number;
}

export interface OaiRequest extends OaiSettings {
  /** The endpoint's address, as the request element gives it. */
  baseUrl: string;
  title: string;
  now: Date;
  /** A record file's change time (ms since the epoch), for datestamps and from/until. */
  mtimeOf: (file: string) => number | undefined;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const;
type Verb = (typeof VERBS)[number];
/** Each verb's arguments: required, optional; a resumption token excludes the others (exclusive). */
const ARGS: Record<Verb, { required: string[]; optional: string[]; exclusive?: boolean }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: true },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: true },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: true },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};
export const PAGE_SIZE = 100;

type OaiError = { code: string; message: string };

/** "2019-01-25T03:04:05Z": the protocol's second granularity. */
const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A from/until argument: day or second granularity, as ms; the granularity is kept for the until bound. */
function readStamp(v: string): { ms: number; day: boolean } | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const sec = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(v);
  const m = day ?? sec;
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, sec ? +m[4]! : 0, sec ? +m[5]! : 0, sec ? +m[6]! : 0);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== +m[1]! || d.getUTCMonth() !== +m[2]! - 1 || d.getUTCDate() !== +m[3]!) return undefined;
  return { ms, day: !!day };
}

const slug = (s: string) => {
  const folded = s.toLowerCase().normalize('NFKD');
  const base = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'series';
  // Letters with no Latin form (CJK, Cyrillic...) are dropped from the slug: a short hash of the name keeps two
  // such series two sets (both were "series"). Accents alone (combining marks) change nothing: specs stay as given.
  if (!/[^\u0000-\u007f\u0300-\u036f]/.test(folded)) return base;
  let h = 0x811c9dc5;
  for (const ch of s.trim()) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return `${base}-${h.toString(16).padStart(8, '0')}`;
};

/** The set of a record's sequence: "regular", "special", or "<series>.regular" for another series. */
const sequenceSet = (r: LoadedRecord) => (isDefaultSeries(r.record.series) ? r.record.kind : `${slug(r.record.series)}.${r.record.kind}`);
/** Every set a record is in: its sequence, the sequence's year, the year. */
const setsOf = (r: LoadedRecord) => {
  const seq = sequenceSet(r);
  return [seq, `${seq}:${r.record.year}`, 'year', `year:${r.record.year}`];
};

interface Token {
  verb: Verb;
  set?: string;
  from?: string;
  until?: string;
  /** The last record file given: the list goes on after it. */
  after: string;
  cursor: number;
}

const encodeToken = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decodeToken(s: string, verb: Verb): Token | undefined {
  try {
    if (!/^[A-Za-z0-9_-]{1,4000}$/.test(s)) return undefined;
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Token;
    if (t === null || typeof t !== 'object' || t.verb !== verb || typeof t.after !== 'string' || !Number.isInteger(t.cursor) || t.cursor < 0) return undefined;
    for (const k of ['set', 'from', 'until'] as const) if (t[k] !== undefined && typeof t[k] !== 'string') return undefined;
    return t;
  } catch {
    return undefined;
  }
}

/** The response to one OAI-PMH request (its arguments as the query or form gives them). */
export function oaiResponse(archive: Archive, params: URLSearchParams, o: OaiRequest): string {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${OAI_NS} ${OAI_SCHEMA}">
  <responseDate>${stamp(o.now.getTime())}</responseDate>
`;
  const end = '</OAI-PMH>\n';
  const fail = (errors: OaiError[], args?: Record<string, string>) => {
    // A badVerb or badArgument response echoes no arguments (the protocol: they were not understood).
    const attrs = args ? Object.entries(args).map(([k, v]) => ` ${k}="${xmlText(v)}"`).join('') : '';
    return `${head}  <request${attrs}>${xmlText(o.baseUrl)}</request>\n${errors.map((e) => `  <error code="${e.code}">${xmlText(e.message)}</error>\n`).join('')}${end}`;
  };
  const keys = [...params.keys()];
  const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
  const verb = params.get('verb');
  if (verb === null || !(VERBS as readonly string[]).includes(verb) || repeated.includes('verb')) {
    return fail([{ code: 'badVerb', message: verb === null ? 'no verb given' : repeated.includes('verb') ? 'the verb is repeated' : `no verb ${verb}; the verbs are ${VERBS.join(', ')}` }]);
  }
  const v = verb as Verb;
  const spec = ARGS[v];
  const args: Record<string, string> = {};
  for (const k of new Set(keys)) if (k !== 'verb') args[k] = params.get(k)!;
  const illegal = Object.keys(args).filter((k) => !spec.required.includes(k) && !spec.optional.includes(k) && !(spec.exclusive && k === 'resumptionToken'));
  if (repeated.length) return fail([{ code: 'badArgument', message: `repeated argument: ${[...new Set(repeated)].join(', ')}` }]);
  if (illegal.length) return fail([{ code: 'badArgument', message: `${v} does not take ${illegal.join(', ')}` }]);
  const token = args.resumptionToken;
  if (token !== undefined && Object.keys(args).length > 1) return fail([{ code: 'badArgument', message: 'resumptionToken is an exclusive argument' }]);
  if (token === undefined) {
    const missing = spec.required.filter((k) => args[k] === undefined);
    if (missing.length) return fail([{ code: 'badArgument', message: `${v} needs ${missing.join(', ')}` }]);
  }
  const request = `  <request verb="${v}"${Object.entries(args).map(([k, x]) => ` ${k}="${xmlText(x)}"`).join('')}>${xmlText(o.baseUrl)}</request>\n`;
  const error = (e: OaiError) => `${head}${request}  <error code="${e.code}">${xmlText(e.message)}</error>\n${end}`;
  const ok = (body: string) => `${head}${request}${body}${end}`;

  const repo = o.repositoryId ?? 'reports.local';
  const oaiId = (r: LoadedRecord) => `oai:${repo}:${r.id}`;
  const records = [...archive.records].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byId = (identifier: string) => {
    const prefix = `oai:${repo}:`;
    if (!identifier.startsWith(prefix)) return undefined;
    const id = identifier.slice(prefix.length);
    return records.find((r) => r.id === id);
  };
  const datestamp = (r: LoadedRecord) => stamp(o.mtimeOf(r.file) ?? o.now.getTime());
  const header = (r: LoadedRecord, indent: string) =>
    `${indent}<header>\n${indent}  <identifier>${xmlText(oaiId(r))}</identifier>\n${indent}  <datestamp>${datestamp(r)}</datestamp>\n${setsOf(r)
      .filter((s) => s !== 'year')
      .map((s) => `${indent}  <setSpec>${xmlText(s)}</setSpec>\n`)
      .join('')}${indent}</header>\n`;
  const record = (r: LoadedRecord, indent: string) =>
    `${indent}<record>\n${header(r, indent + '  ')}${indent}  <metadata>\n${oaiDcXml(dublinCore(r.record, o.dc), indent + '    ')}\n${indent}  </metadata>\n${indent}</record>\n`;

  switch (v) {
    case 'Identify': {
      const earliest = records.reduce((m, r) => Math.min(m, o.mtimeOf(r.file) ?? Infinity), Infinity);
      return ok(`  <Identify>
    <repositoryName>${xmlText(o.repositoryName ?? o.title)}</repositoryName>
    <baseURL>${xmlText(o.baseUrl)}</baseURL>
    <protocolVersion>2.0</protocolVersion>
    <adminEmail>${xmlText(o.adminEmail ?? 'admin@localhost')}</adminEmail>
    <earliestDatestamp>${stamp(Number.isFinite(earliest) ? earliest : o.now.getTime())}</earliestDatestamp>
    <deletedRecord>no</deletedRecord>
    <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>
  </Identify>
`);
    }
    case 'ListMetadataFormats': {
      if (args.identifier !== undefined && !byId(args.identifier)) return error({ code: 'idDoesNotExist', message: `no record ${args.identifier}` });
      return ok(`  <ListMetadataFormats>
    <metadataFormat>
      <metadataPrefix>oai_dc</metadataPrefix>
      <schema>${OAI_DC_SCHEMA}</schema>
      <metadataNamespace>${OAI_DC_NS}</metadataNamespace>
    </metadataFormat>
  </ListMetadataFormats>
`);
    }
    case 'ListSets': {
      if (token !== undefined) return error({ code: 'badResumptionToken', message: 'the list of sets is given whole; no resumption token belongs to it' });
      const sets = new Map<string, string>();
      for (const r of records) {
        const seq = sequenceSet(r);
        const name = `${r.record.series.trim()}, ${r.record.kind === 'special' ? 'Special Issues' : 'regular reports'}`;
        sets.set(seq, name);
        sets.set(`${seq}:${r.record.year}`, `${name}, ${r.record.year}`);
        sets.set('year', 'Years');
        sets.set(`year:${r.record.year}`, String(r.record.year));
      }
      if (sets.size === 0) return error({ code: 'noRecordsMatch', message: 'the archive has no reports, so no sets' });
      const list = [...sets].sort(([a], [b]) => (a < b ? -1 : 1));
      return ok(`  <ListSets>\n${list.map(([s, n]) => `    <set>\n      <setSpec>${xmlText(s)}</setSpec>\n      <setName>${xmlText(n)}</setName>\n    </set>\n`).join('')}  </ListSets>\n`);
    }
    case 'GetRecord': {
      if (args.metadataPrefix !== 'oai_dc') return error({ code: 'cannotDisseminateFormat', message: `no format ${args.metadataPrefix}; this repository gives oai_dc` });
      const r = byId(args.identifier!);
      if (!r) return error({ code: 'idDoesNotExist', message: `no record ${args.identifier}` });
      return ok(`  <GetRecord>\n${record(r, '    ')}  </GetRecord>\n`);
    }
    case 'ListIdentifiers':
    case 'ListRecords': {
      let t: Token;
      if (token !== undefined) {
        const read = decodeToken(token, v);
        if (!read) return error({ code: 'badResumptionToken', message: 'the resumption token is not one this repository gave for this verb' });
        t = read;
      } else {
        if (args.metadataPrefix !== 'oai_dc') return error({ code: 'cannotDisseminateFormat', message: `no format ${args.metadataPrefix}; this repository gives oai_dc` });
        t = { verb: v, set: args.set, from: args.from, until: args.until, after: '', cursor: 0 };
      }
      const from = t.from !== undefined ? readStamp(t.from) : undefined;
      const until = t.until !== undefined ? readStamp(t.until) : undefined;
      // Bad dates in the arguments are badArgument; in a token (this repository never gives one), badResumptionToken.
      const bad = (message: string) =>
        token !== undefined ? error({ code: 'badResumptionToken', message: 'the resumption token is not one this repository gave for this verb' }) : fail([{ code: 'badArgument', message }]);
      if ((t.from !== undefined && !from) || (t.until !== undefined && !until)) return bad('from and until are dates, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ');
      if (from && until && from.day !== until.day) return bad('from and until must have the same granularity');
      if (from && until && from.ms > until.ms) return bad('from is later than until');
      // A day's until takes the whole day; a second's, that second.
      const untilMs = until ? until.ms + (until.day ? 86_400_000 : 1000) : Infinity;
      const matching = records.filter((r) => {
        if (t.set !== undefined && !setsOf(r).includes(t.set)) return false;
        const ms = Math.floor((o.mtimeOf(r.file) ?? o.now.getTime()) / 1000) * 1000;
        return (!from || ms >= from.ms) && ms < untilMs;
      });
      if (matching.length === 0) return error({ code: 'noRecordsMatch', message: 'no records match the request' });
      const rest = matching.filter((r) => r.file > t.after);
      const size = o.pageSize ?? PAGE_SIZE;
      const page = rest.slice(0, size);
      const more = rest.length > size;
      const cursor = t.cursor;
      const next = more ? encodeToken({ ...t, after: page[page.length - 1]!.file, cursor: cursor + page.length }) : '';
      // The last page of a list that took tokens ends with an empty token (the protocol's "list complete").
      const resumption = more || token !== undefined ? `    <resumptionToken completeListSize="${matching.length}" cursor="${cursor}">${next}</resumptionToken>\n` : '';
      const items = v === 'ListRecords' ? page.map((r) => record(r, '    ')).join('') : page.map((r) => header(r, '    ')).join('');
      return ok(`  <${v}>\n${items}${resumption}  </${v}>\n`);
    }
  }
}
