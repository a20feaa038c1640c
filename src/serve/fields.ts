// The fields of a new report as a form or a JSON body gives them, checked as `reports add` checks its flags, and
// turned into the add use case's `given` values. An allow-list: a key that is not a field is an error, never a
// record field.
import type { Given } from '../app/add.js';
import { readDate } from '../model/dates.js';
import { KINDS, type Kind } from '../model/ids.js';
import { httpUrl, URL_RULE } from '../model/url.js';

/** The fields a form or a POST may give, in the order the form shows them. */
export const FORM_FIELDS = ['title', 'authors', 'team', 'unit', 'organization', 'series', 'kind', 'number', 'year', 'total', 'date', 'abstract', 'keywords', 'url'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Options of the request, besides the fields. */
const OPTIONS = ['force', 'dryRun'] as const;

export interface FieldError {
  field: string;
  message: string;
}

export interface ReadFields {
  given: Given;
  force: boolean;
  dryRun: boolean;
  errors: FieldError[];
}

const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  return String(v);
};

const flag = (v: unknown): boolean => v === true || v === 'true' || v === 'on' || v === '1' || v === 'yes';

/**
 * Form or JSON values -> the add use case's given values. An empty value is not given (the dialogue's proposals
 * fill number and Total); "-" means none for the optional fields, as at the prompts and on the command line.
 * Authors and key words are a list or "A, B & C" / "k1, k2". The add use case is loaded here, on the first write,
 * not with the server: it brings the schema, the YAML writer and the lock, which the catalogue never uses (see
 * app.ts).
 */
export async function readFields(body: Record<string, unknown>): Promise<ReadFields> {
  const { draftFromValues } = await import('../app/add.js');
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!(FORM_FIELDS as readonly string[]).includes(key) && !(OPTIONS as readonly string[]).includes(key)) {
      errors.push({ field: key, message: `no field ${JSON.stringify(key)}; the fields are ${FORM_FIELDS.join(', ')}` });
    }
  }
  // JSON may give any value: a field is text or a number (a list of them for authors and key words), never an
  // object or true turned into "[object Object]" or "true".
  const scalar = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  const bad = new Set<string>();
  for (const k of FORM_FIELDS) {
    const v = body[k];
    if (v === undefined || v === null || scalar(v)) continue;
    if ((k === 'authors' || k === 'keywords') && Array.isArray(v) && v.every(scalar)) continue;
    bad.add(k);
    errors.push({ field: k, message: `${k} must be ${k === 'authors' || k === 'keywords' ? 'text or a list of texts' : 'text'}` });
  }
  const get = (k: FormField) => {
    if (bad.has(k)) return undefined;
    const raw = body[k];
    const list = Array.isArray(raw) && (k === 'authors' || k === 'keywords') ? raw.map((x) => String(x).trim()).filter(Boolean) : undefined;
    if (list) return list.length ? list : undefined;
    const t = text(raw)?.trim();
    return t ? t : undefined;
  };
  const none = (v: string | string[] | undefined) => v === '-';
  const positive = (k: FormField, v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) {
      errors.push({ field: k, message: `${k} must be a whole number of 1 or more, e.g. 11` });
      return undefined;
    }
    return Number(v);
  };
  for (const k of ['title', 'series', 'abstract'] as const) {
    const v = get(k);
    if (typeof v === 'string') values[k] = k === 'abstract' ? String(body[k]) : v;
  }
  for (const k of ['team', 'unit', 'organization'] as const) {
    const v = get(k);
    if (typeof v === 'string') values[k] = none(v) ? null : v;
  }
  const kind = get('kind');
  if (typeof kind === 'string') {
    const k = kind.toLowerCase();
    if ((KINDS as readonly string[]).includes(k)) values.kind = k as Kind;
    else errors.push({ field: 'kind', message: 'kind is regular or special' });
  }
  const year = get('year');
  if (typeof year === 'string') {
    if (/^\d{4}$/.test(year)) values.year = Number(year);
    else errors.push({ field: 'year', message: 'a year is four digits, e.g. 2019' });
  }
  const number = get('number');
  if (typeof number === 'string') values.number = positive('number', number);
  const total = get('total');
  if (typeof total === 'string') values.total = none(total) ? null : positive('total', total);
  const date = get('date');
  if (typeof date === 'string') {
    if (none(date)) values.date = null;
    else {
      const r = readDate(date);
      if (r.error !== undefined) errors.push({ field: 'date', message: r.error });
      else values.date = r.date;
    }
  }
  const url = get('url');
  if (typeof url === 'string') {
    if (none(url)) values.url = null;
    else if (httpUrl(url)) values.url = url;
    else errors.push({ field: 'url', message: `the URL must be ${URL_RULE}` });
  }
  const authors = get('authors');
  const keywords = get('keywords');
  let given: Given = {};
  try {
    given = draftFromValues({
      ...(values as Omit<Given, 'authors' | 'keywords'>),
      authors: authors === undefined ? undefined : Array.isArray(authors) ? authors : [authors],
      keywords: keywords === undefined ? undefined : Array.isArray(keywords) ? keywords : [keywords],
    });
  } catch (e) {
    errors.push({ field: 'authors', message: (e as Error).message.replace(/^--author/, 'authors') });
  }
  for (const k of Object.keys(given) as (keyof Given)[]) if (given[k] === undefined) delete given[k];
  return { given, force: flag(body.force), dryRun: flag(body.dryRun), errors };
}
