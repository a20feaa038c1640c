// Record ids, kinds, field order and dates: the plain helpers every command needs, without the schema library.

export const KINDS = ['regular', 'special'] as const;
export type Kind = (typeof KINDS)[number];

/** Field order of a record file, as a report page reads. */
export const FIELD_ORDER = [
  'title',
  'authors',
  'team',
  'unit',
  'organization',
  'series',
  'kind',
  'number',
  'year',
  'total',
  'date',
  'abstract',
  'keywords',
  'url',
  'doi',
] as const;

/** A DOI as a record holds it: 10.NNNN/suffix (no https://doi.org/, no spaces or control characters). */
export const DOI_RE = /^10\.\d{4,9}\/[^\s\u0000-\u001f\u007f-\u009f]+$/;
/** Every field of a record file, in file order: the page's fields, then the archive's own (attached file, withdrawn). */
export const RECORD_FIELDS = [...FIELD_ORDER, 'attachment', 'withdrawn'] as const;

/** The fields a record may have; others are kept but warned about (unknown-field). */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(RECORD_FIELDS);

// Dates are read in one place (./dates.ts); re-exported for the modules that take them from here.
export { DATE_RE, isRealDate } from './dates.js';

/** A record's id: `2019-S11`, `2018-R146`. */
export function reportId(r: RecordLike): string {
  return `${r.year}-${r.kind === 'special' ? 'S' : 'R'}${r.number}`;
}

const ID_RE = /^(\d{4})-([RS])0*(\d+)$/i;

export function parseId(s: string): { year: number; kind: Kind; number: number } | undefined {
  const m = ID_RE.exec(s.trim());
  if (!m) return undefined;
  return { year: Number(m[1]), kind: m[2]!.toUpperCase() === 'S' ? 'special' : 'regular', number: Number(m[3]) };
}

/** Where a record file belongs: `2019/special-011.yaml`. */
export function canonicalPath(r: RecordLike): string {
  return `${r.year}/${r.kind}-${String(r.number).padStart(3, '0')}.yaml`;
}

type RecordLike = { year: number; kind: Kind; number: number };
