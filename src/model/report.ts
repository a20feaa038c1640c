// The record format: one schema gives the TypeScript type, the checks and the JSON Schema.
import { z } from 'zod';

import { isRealDate, recordDateMessage } from './dates.js';
import { DOI_RE, KINDS } from './ids.js';
import { isHttpUrl } from './url.js';
import { isArchivePath } from './text.js';

// The plain helpers live in ids.ts (no zod) so that start-up stays fast; re-exported here for convenience.
export * from './ids.js';

const text = (what: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });

const optionalText = (what: string) => z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} must not be empty (leave it out instead)` }).optional();

const positiveInt = (what: string) =>
  z
    .number({ error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be a whole number, e.g. 11`) })
    .int({ error: `${what} must be a whole number, e.g. 11` })
    .positive({ error: `${what} must be 1 or more` });

// An author: the name as the page writes it, or an override of how it is cited (see model/names.ts).
const author = z.union([
  text('author'),
  z.strictObject({ family: text('family'), given: optionalText('given') }, { error: 'an author is a name, {family: ..., given: ...} or {literal: ...}' }),
  z.strictObject({ literal: text('literal') }, { error: 'an author is a name, {family: ..., given: ...} or {literal: ...}' }),
], { error: 'an author is a name ("Zhang Xiaohuan" or "Zhang, Xiaohuan"), {family: ..., given: ...} or {literal: ...}' });

const shape = {
  title: text('title').describe('The title without its numbering suffix such as "(No.146, 2018)".'),
  // A report signed by its research team or organization alone has no person as author: `authors` may then be
  // left out (read as an empty list); without a team or organization it is required (see SIGNED below).
  authors: z
    .array(author, { error: 'authors must be a list of names, e.g. [Zhang Wei, Li Na]' })
    .default([])
    .describe('The authors, in by-line order. Left out (or empty) when the report is signed by its team or organization alone.'),
  team: optionalText('team').describe('The research team, e.g. Research Team on “...”.'),
  unit: optionalText('unit').describe('The department or institute.'),
  organization: optionalText('organization').describe('The organization, e.g. DRC.'),
  series: text('series').describe('The series, e.g. Research Report.'),
  kind: z
    .enum(KINDS, {
      error: (i) => (i.input === undefined ? 'kind is required: regular or special' : `kind must be regular or special, not ${JSON.stringify(i.input)}`),
    })
    .describe('regular ("Research Report, No.N") or special ("Research Report, Special Issue, No.N").'),
  number: positiveInt('number').describe('The number within (series, kind, year), from 1.'),
  year: z
    .number({ error: (i) => (i.input === undefined ? 'year is required' : 'year must be a whole number, e.g. 2019') })
    .int({ error: 'year must be a whole number, e.g. 2019' })
    .min(1900, { error: 'year must be between 1900 and 2999' })
    .max(2999, { error: 'year must be between 1900 and 2999' })
    .describe('The year of the numbering.'),
  total: positiveInt('total').optional().describe('The running Total of the sequence.'),
  date: z
    .string({ error: 'date must be a date written YYYY-MM-DD, e.g. 2019-01-25' })
    .refine(isRealDate, { error: (i) => recordDateMessage(i.input) })
    .optional()
    .describe('The publication date, YYYY-MM-DD.'),
  abstract: z.string({ error: 'abstract must be text' }).optional().describe('The abstract, one or more paragraphs.'),
  keywords: z
    .array(text('keyword'), { error: 'keywords must be a list, e.g. [rural revitalization, development laws]' })
    .optional()
    .describe('The key words.'),
  url: z
    .string({ error: 'url must be text: an absolute http:// or https:// address' })
    .refine(isHttpUrl, { error: (i) => `url must be an absolute URL starting with http:// or https://, e.g. https://example.org/report (not ${JSON.stringify(i.input)})` })
    .meta({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' })
    .optional()
    .describe('The source page: an absolute http(s) URL.'),
  doi: z
    .string({ error: 'doi must be text: a DOI such as 10.5555/drc.2019-s11' })
    .trim()
    .regex(DOI_RE, { error: (i) => `doi must be a DOI such as 10.5555/drc.2019-s11, without https://doi.org/ (not ${JSON.stringify(i.input)})` })
    .optional()
    .describe('The DOI, e.g. 10.5555/drc.2019-s11.'),
  attachment: z
    .strictObject(
      {
        // Never a record file: removing the attachment must never remove a record.
        file: z.string().refine((p) => isArchivePath(p) && !/\.ya?ml$/i.test(p), { error: 'attachment.file must be a path inside the archive, not a record file, e.g. 2019/special-011.pdf' }),
        size: z.number({ error: 'attachment.size must be a whole number of bytes' }).int({ error: 'attachment.size must be a whole number of bytes' }).min(0, { error: 'attachment.size must be a whole number of bytes' }),
        sha256: z
          .string({ error: 'attachment.sha256 must be text: 64 lowercase hex digits, in quotes when they are all digits' })
          .regex(/^[0-9a-f]{64}$/, { error: 'attachment.sha256 must be 64 lowercase hex digits' }),
      },
      { error: 'attachment must be {file, size, sha256} (reports attach writes it)' },
    )
    .optional()
    .describe("The report's file (its PDF), kept in the archive: its path in the archive, size in bytes and SHA-256."),
  withdrawn: z.boolean({ error: 'withdrawn must be true or false' }).optional().describe('true: removed on purpose; its number and Total stay taken.'),
};

/** Somebody signs a report: a person, or else its research team or organization. */
const SIGNED = (r: { authors: readonly unknown[]; team?: string; organization?: string }, ctx: z.RefinementCtx) => {
  if (r.authors.length > 0 || r.team !== undefined || r.organization !== undefined) return;
  ctx.addIssue({
    code: 'custom',
    path: ['authors'],
    message: 'authors is required (at least one name, e.g. [Zhang Wei, Li Na]) unless a team or organization signs the report',
  });
};

/** Unknown fields are kept (validate warns about them); editors get the strict variant. */
export const ReportSchema = z.looseObject(shape).superRefine(SIGNED);
export const StrictReportSchema = z.strictObject(shape).superRefine(SIGNED);

export type Report = z.infer<typeof StrictReportSchema>;

/** The JSON Schema editors use (yaml-language-server) to check records as they are typed. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://reports.invalid/schema/report.json',
    title: 'Research report record',
    ...z.toJSONSchema(StrictReportSchema, { io: 'input' }),
    // The schema's refinement (SIGNED), which JSON Schema cannot take from zod: somebody signs the report.
    anyOf: [{ required: ['authors'], properties: { authors: { type: 'array', minItems: 1 } } }, { required: ['team'], properties: { team: { type: 'string' } } }, { required: ['organization'], properties: { organization: { type: 'string' } } }],
  };
}
