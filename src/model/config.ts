// The team's config file (reports.config.yaml): what it may hold, how each value is checked, and where each value in
// force came from. Pure: the store finds and reads the file, this module judges its values.
import { editDistance } from '../distance.js';
import { KINDS, type Kind } from './ids.js';
import { NAME_STYLES, type NameStyle } from './names.js';

/** File names searched for, in each folder from the working folder up. */
export const CONFIG_FILES = ['reports.config.yaml', 'reports.config.yml', '.reportsrc.yaml', '.reportsrc.yml'] as const;
export const CONFIG_FILE = CONFIG_FILES[0];

/** The settings a config file may hold, as they are written in it. */
export interface ConfigFile {
  /** The archive folder, relative to the config file's folder. */
  archive?: string;
  /** The series the archive keeps; the first is the default for new reports. */
  series?: string[];
  /** The organization of new reports, e.g. DRC. */
  organization?: string;
  /** The default sequence of new reports: regular or special. */
  kind?: Kind;
  /** Offsets a publisher lists (Total - No of each report of a year): kind -> year -> offset. They always win. */
  offsets?: DeclaredOffsets;
  /** The pager of long terminal output: a command, or false for none. */
  pager?: string | false;
  site?: {
    /** Title of the exported catalogue and feed. */
    title?: string;
    /** Where the site is published; the feed's links start with it. */
    baseUrl?: string;
  };
  /** How the archive's pages write names: family-first ("Zhang Xiaohuan", the DRC) or given-first. */
  names?: NameStyle;
  /** Crossref deposits (export crossref). */
  crossref?: { depositor?: string; email?: string; registrant?: string; doiPrefix?: string; issn?: string };
}

/** Offsets declared in the config: kind -> year -> offset (Total - No). They apply to every series of that kind. */
export type DeclaredOffsets = Partial<Record<Kind, Readonly<Record<number, number>>>>;

/**
 * `offsets: {regular: {2019: 5500}, special: {2019: 1628}}` in the file, or `regular 2019=5500, special 2019=1628` in
 * the environment (REPORTS_OFFSETS).
 */
export function checkOffsets(v: unknown): { value: DeclaredOffsets } | { error: string } {
  const example = 'e.g. offsets: {regular: {2019: 5500}, special: {2019: 1628}}';
  let map: unknown = v;
  if (typeof v === 'string') {
    const out: Record<string, Record<string, number>> = {};
    for (const part of v.split(',').map((x) => x.trim()).filter(Boolean)) {
      const m = /^(\w+)[\s:]+(\d{4})\s*=\s*(-?\d+)$/.exec(part);
      if (!m) return { error: `offsets: cannot read ${JSON.stringify(part)}; write kind year=offset, e.g. regular 2019=5500, special 2019=1628` };
      (out[m[1]!] ??= {})[m[2]!] = Number(m[3]);
    }
    map = out;
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return { error: `offsets must be a mapping of kind to years, ${example} (not ${describe(v)})` };
  const value: Record<string, Record<number, number>> = {};
  for (const [kind, years] of Object.entries(map as Record<string, unknown>)) {
    if (!(KINDS as readonly string[]).includes(kind)) return { error: `offsets: unknown kind "${kind}" (known: ${KINDS.join(', ')}), ${example}` };
    if (years === null || typeof years !== 'object' || Array.isArray(years)) return { error: `offsets.${kind} must be a mapping of year to offset, ${example}` };
    const out: Record<number, number> = {};
    for (const [year, offset] of Object.entries(years as Record<string, unknown>)) {
      if (!/^\d{4}$/.test(year)) return { error: `offsets.${kind}: "${year}" is not a year, ${example}` };
      if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return { error: `offsets.${kind}.${year} must be a whole number (Total - No of that year's reports), not ${describe(offset)}` };
      out[Number(year)] = offset;
    }
    value[kind] = out;
  }
  return { value: value as DeclaredOffsets };
}

/** "regular 2019=5500, special 2019=1628": declared offsets on one line. */
export function formatOffsets(o: DeclaredOffsets): string {
  return Object.entries(o)
    .flatMap(([kind, years]) => Object.entries(years ?? {}).map(([y, off]) => `${kind} ${y}=${off}`))
    .join(', ');
}

/** Where a value in force came from. */
export type Source =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; file: string; line: number; column: number }
  | { kind: 'default'; note?: string };

export interface Setting<T> {
  value: T;
  source: Source;
}

/** Every setting in force, flattened (site.title -> siteTitle). */
export interface ConfigInForce {
  /** The config file found, absolute; undefined when there is none. */
  file?: string;
  archive: Setting<string>;
  series?: Setting<string[]>;
  organization?: Setting<string>;
  kind?: Setting<Kind>;
  siteTitle?: Setting<string>;
  baseUrl?: Setting<string>;
  names?: Setting<NameStyle>;
  crossrefDepositor?: Setting<string>;
  crossrefEmail?: Setting<string>;
  crossrefRegistrant?: Setting<string>;
  doiPrefix?: Setting<string>;
  issn?: Setting<string>;
  offsets?: Setting<DeclaredOffsets>;
  /** A pager command, or "off". */
  pager?: Setting<string>;
}

export type SettingName = Exclude<keyof ConfigInForce, 'file'>;

/** Each setting: its key path in the file, its environment variable, how to check a value. */
export interface SettingSpec {
  name: SettingName;
  path: readonly string[];
  env: string;
  help: string;
  example: string;
  /** The value, or a message saying what would be right. */
  check: (v: unknown) => { value: unknown } | { error: string };
}

const text = (what: string) => (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' && !/[\u0000-\u001f\u007f-\u009f]/.test(v)
    ? { value: v.trim() }
    : { error: `${what} must be a line of text${typeof v === 'string' ? ' (not empty, no control characters)' : `, not ${describe(v)}`}` };

function describe(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function checkBaseUrl(v: unknown): { value: string } | { error: string } {
  if (typeof v === 'string') {
    try {
      const u = new URL(v.trim());
      if (u.protocol === 'http:' || u.protocol === 'https:') return { value: v.trim() };
    } catch {
      // fall through
    }
  }
  return { error: `site.baseUrl must be an absolute http(s) URL, e.g. https://example.org/reports/ (not ${describe(v)})` };
}

export const SETTINGS: readonly SettingSpec[] = [
  { name: 'archive', path: ['archive'], env: 'REPORTS_ARCHIVE', help: 'the archive folder, relative to the config file', example: 'archive', check: text('archive') },
  {
    name: 'series',
    path: ['series'],
    env: 'REPORTS_SERIES',
    help: 'the series kept (a name or a list); the first is the default of add',
    example: 'Research Report',
    check: (v) => {
      const list = Array.isArray(v) ? v : [v];
      if (list.length === 0) return { error: 'series must name at least one series, e.g. Research Report' };
      const out: string[] = [];
      for (const item of list) {
        const r = text('each series')(item);
        if ('error' in r) return { error: `${r.error}, e.g. Research Report` };
        out.push(r.value);
      }
      return { value: out };
    },
  },
  { name: 'organization', path: ['organization'], env: 'REPORTS_ORGANIZATION', help: 'the organization of new reports', example: 'DRC', check: text('organization') },
  {
    name: 'kind',
    path: ['kind'],
    env: 'REPORTS_KIND',
    help: 'the default sequence of add: regular or special',
    example: 'regular',
    check: (v) =>
      typeof v === 'string' && (KINDS as readonly string[]).includes(v.trim().toLowerCase())
        ? { value: v.trim().toLowerCase() }
        : { error: `kind must be regular or special, not ${describe(v)}` },
  },
  { name: 'siteTitle', path: ['site', 'title'], env: 'REPORTS_SITE_TITLE', help: 'title of the exported catalogue and feed', example: 'DRC Research Reports', check: text('site.title') },
  { name: 'baseUrl', path: ['site', 'baseUrl'], env: 'REPORTS_BASE_URL', help: 'where the site is published (the feed links there)', example: 'https://example.org/reports/', check: checkBaseUrl },
  {
    name: 'names',
    path: ['names'],
    env: 'REPORTS_NAMES',
    help: 'how names are written: family-first (Zhang Xiaohuan) or given-first (John Smith)',
    example: 'family-first',
    check: (v) =>
      typeof v === 'string' && (NAME_STYLES as readonly string[]).includes(v.trim().toLowerCase())
        ? { value: v.trim().toLowerCase() }
        : { error: `names must be family-first or given-first, not ${describe(v)}` },
  },
  { name: 'crossrefDepositor', path: ['crossref', 'depositor'], env: 'REPORTS_CROSSREF_DEPOSITOR', help: 'who deposits DOIs with Crossref', example: 'DRC Library', check: text('crossref.depositor') },
  { name: 'crossrefEmail', path: ['crossref', 'email'], env: 'REPORTS_CROSSREF_EMAIL', help: "the depositor's e-mail address", example: 'doi@example.org', check: checkEmail },
  { name: 'crossrefRegistrant', path: ['crossref', 'registrant'], env: 'REPORTS_CROSSREF_REGISTRANT', help: 'the organization registering the DOIs', example: 'DRC', check: text('crossref.registrant') },
  { name: 'doiPrefix', path: ['crossref', 'doiPrefix'], env: 'REPORTS_DOI_PREFIX', help: 'the DOI prefix of reports without a doi', example: '10.5555', check: checkDoiPrefix },
  { name: 'issn', path: ['crossref', 'issn'], env: 'REPORTS_ISSN', help: "the series' ISSN (deposits then name the series)", example: '1234-5679', check: checkIssn },
  { name: 'offsets', path: ['offsets'], env: 'REPORTS_OFFSETS', help: "offsets a publisher lists (kind -> year -> Total - No); they settle the numbering's disagreements", example: 'regular 2019=5500', check: checkOffsets },
  {
    name: 'pager',
    path: ['pager'],
    env: 'REPORTS_PAGER',
    help: 'the pager of long terminal output (default: $PAGER, else less -FRX); false for none',
    example: 'less -FRX',
    check: (v) => (v === false || (typeof v === 'string' && /^(false|off|no|none)$/i.test(v.trim())) ? { value: 'off' } : text('pager')(v)),
  },
];

export function checkEmail(v: unknown): { value: string } | { error: string } {
  return typeof v === 'string' && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v.trim()) ? { value: v.trim() } : { error: `crossref.email must be an e-mail address, e.g. doi@example.org (not ${describe(v)})` };
}

export function checkDoiPrefix(v: unknown): { value: string } | { error: string } {
  return typeof v === 'string' && /^10\.\d{4,9}$/.test(v.trim()) ? { value: v.trim() } : { error: `crossref.doiPrefix must be a DOI prefix such as 10.5555 (not ${describe(v)})` };
}

/** An ISSN with a right check digit: 1234-5679. */
export function checkIssn(v: unknown): { value: string } | { error: string } {
  const s = typeof v === 'string' ? v.trim().toUpperCase() : '';
  const m = /^(\d{4})-?(\d{3}[\dX])$/.exec(s);
  if (m) {
    const digits = (m[1]! + m[2]!).split('');
    const sum = digits.slice(0, 7).reduce((a, d, i) => a + Number(d) * (8 - i), 0);
    const check = (11 - (sum % 11)) % 11;
    if ((check === 10 ? 'X' : String(check)) === digits[7]) return { value: `${m[1]}-${m[2]}` };
    return { error: `crossref.issn ${s} has a wrong check digit (${check === 10 ? 'X' : check} expected)` };
  }
  return { error: `crossref.issn must be an ISSN such as 1234-5679 (not ${describe(v)})` };
}

/** The keys a mapping at `parent` ([] for the top) may hold. */
export function knownKeys(parent: readonly string[]): string[] {
  const depth = parent.length;
  const keys = SETTINGS.filter((s) => s.path.length > depth && parent.every((p, i) => s.path[i] === p)).map((s) => s.path[depth]!);
  return [...new Set(keys)];
}

/** The known key an unknown one was probably meant to be (`serie` -> `series`, `baseurl` -> `baseUrl`). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase().replace(/[-_\s]/g, ''), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.min(2, Math.max(1, Math.floor(key.length / 3))) ? best : undefined;
}

/** "flag --archive", "env REPORTS_ARCHIVE", "reports.config.yaml:3:10", "default". */
export function describeSource(s: Source, label: (file: string) => string = (f) => f): string {
  switch (s.kind) {
    case 'flag':
      return `flag ${s.name}`;
    case 'env':
      return `environment ${s.name}`;
    case 'file':
      return `${label(s.file)}:${s.line}:${s.column}`;
    default:
      return s.note ? `default (${s.note})` : 'default';
  }
}

/** The text of a new config file: the values given, the others as comments saying what they do. */
export function configText(values: { archive: string; series: string[]; organization?: string; kind?: Kind; siteTitle?: string; baseUrl?: string; names?: NameStyle }): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    '# reports configuration: found by every reports command run in this folder or below it.',
    '# Flags and environment variables (REPORTS_ARCHIVE, REPORTS_SERIES, ...) win over it; `reports config` shows',
    '# what is in force and where each value comes from.',
    `archive: ${q(values.archive)}`,
    'series:',
    ...values.series.map((s) => `  - ${q(s)}`),
    values.organization ? `organization: ${q(values.organization)}` : '# organization: DRC',
    `kind: ${values.kind ?? 'regular'}`,
    'site:',
    values.siteTitle ? `  title: ${q(values.siteTitle)}` : '  # title: Research Reports',
    values.baseUrl ? `  baseUrl: ${q(values.baseUrl)}` : '  # baseUrl: https://example.org/reports/',
    '# How the pages write names: family-first ("Zhang Xiaohuan": family Zhang) or given-first ("John Smith").',
    `names: ${values.names ?? 'family-first'}`,
    '# For export crossref (DOI deposits):',
    '# crossref:',
    '#   depositor: DRC Library',
    '#   email: doi@example.org',
    '#   registrant: DRC',
    '#   doiPrefix: "10.5555"',
    '#   issn: 1234-5679',
  ];
  return lines.join('\n') + '\n';
}
