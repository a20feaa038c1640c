// The archive folder: find record files, read and parse them, report located problems.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FIELD_ORDER, reportId } from '../model/report.js';
import { ReportsError } from '../errors.js';
import { parseRecord, type FieldPositions, type Finding, type ParsedFile, type RecordData } from './parse.js';

export interface LoadedRecord {
  id: string;
  /** Path relative to the archive folder, with forward slashes. */
  file: string;
  record: RecordData;
  positions: FieldPositions;
}

export interface Archive {
  dir: string;
  records: LoadedRecord[];
  /** Files that could not be read or are invalid, one finding each (or several schema findings). */
  problems: Finding[];
  /** How many record files were read. */
  files: number;
}

/** Files larger than this are refused rather than parsed: a record is a few kilobytes. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function resolveArchiveDir(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return path.resolve(cwd, option ?? (env.REPORTS_ARCHIVE || 'archive'));
}

/** Every *.yaml / *.yml below `dir`, relative, sorted; hidden folders and node_modules are skipped. */
export function listRecordFiles(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new ReportsError(`archive folder not found: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
  }
  if (!st.isDirectory()) throw new ReportsError(`not a folder: ${dir} (pass --archive DIR or set REPORTS_ARCHIVE)`);
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Read and parse one file of the archive. Never throws. */
export function readRecordFile(dir: string, file: string): ParsedFile {
  const abs = path.join(dir, file);
  try {
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      return {
        problems: [{ severity: 'error', code: 'yaml-syntax', message: `file is ${size} bytes; records larger than ${MAX_FILE_BYTES} bytes are refused`, file, line: 1, column: 1 }],
        positions: { keys: {}, values: {} },
      };
    }
    return parseRecord(readFileSync(abs, 'utf8'), file);
  } catch (e) {
    return {
      problems: [{ severity: 'error', code: 'yaml-syntax', message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, line: 1, column: 1 }],
      positions: { keys: {}, values: {} },
    };
  }
}

export function toLoaded(file: string, parsed: ParsedFile): LoadedRecord | undefined {
  if (!parsed.record) return undefined;
  return { id: reportId(parsed.record), file, record: parsed.record, positions: parsed.positions };
}

/** Load every record of the archive. Bad files become problems; they never stop the load. */
export function loadArchive(dir: string): Archive {
  const files = listRecordFiles(dir);
  const records: LoadedRecord[] = [];
  const problems: Finding[] = [];
  for (const file of files) {
    const parsed = readRecordFile(dir, file);
    problems.push(...parsed.problems);
    const loaded = toLoaded(file, parsed);
    if (loaded) records.push(loaded);
  }
  return { dir, records, problems, files: files.length };
}

/** A record as `list --json` prints it: id and file, then the fields in page order, then unknown fields. */
export function recordJson(r: LoadedRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, file: r.file };
  for (const k of FIELD_ORDER) if (r.record[k] !== undefined) out[k] = r.record[k];
  for (const [k, v] of Object.entries(r.record)) if (!(k in out)) out[k] = v;
  return out;
}

/** One line per problem, `path:line:column: message`, path as given relative to the archive folder. */
export function formatProblem(dirLabel: string, f: Finding): string {
  return `${path.join(dirLabel, f.file)}:${f.line}:${f.column}: ${f.message}`;
}
