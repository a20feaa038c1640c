// Renderers for validate's findings: text grouped by file, JSON, GitHub Actions annotations. Strings out.
import path from 'node:path';
import type { CheckFinding } from '../model/record.js';
import type { Style } from './style.js';
import { visible } from './safe.js';
import type { ValidateSummary } from '../checks/index.js';
import { jsonDocument } from './json-output.js';


const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(s: ValidateSummary): string {
  const recs = s.records === s.files ? plural(s.files, 'record') : `${plural(s.files, 'file')} (${s.records} loaded)`;
  return `${recs} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.strict ? ' (--strict: warnings fail)' : ''}`;
}

/** The path shown for a finding: the archive folder's label joined with the file, forward slashes. */
export function shownPath(dirLabel: string, file: string): string {
  return path.join(dirLabel, file).split(path.sep).join('/');
}

/** `path:line:column  error|warning  code  message`, a blank line between files, then the summary. */
export function renderText(findings: readonly CheckFinding[], summary: ValidateSummary, dirLabel: string, style: Style): string {
  const { c } = style;
  const lines: string[] = [];
  let lastFile: string | undefined;
  for (const f of findings) {
    if (lastFile !== undefined && f.file !== lastFile) lines.push('');
    lastFile = f.file;
    const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
    lines.push(`${c.bold(`${visible(shownPath(dirLabel, f.file))}:${f.line}:${f.column}`)}  ${sev}  ${c.dim(f.code)}  ${visible(f.message)}`);
  }
  if (lines.length > 0) lines.push('');
  const line = summaryLine(summary);
  lines.push(summary.ok ? (summary.errors + summary.warnings === 0 ? c.green(line) : line) : c.red(line));
  return lines.join('\n') + '\n';
}

/** One finding as JSON: the Finding fields in a fixed order. */
function findingJson(f: CheckFinding): Record<string, unknown> {
  const out: Record<string, unknown> = { severity: f.severity, code: f.code, message: f.message, file: f.file, line: f.line, column: f.column };
  if (f.id !== undefined) out.id = f.id;
  if (f.related && f.related.length > 0) out.related = f.related;
  if (f.unsettled) out.unsettled = true;
  if (f.decidedBy !== undefined) out.decidedBy = f.decidedBy;
  return out;
}

export function renderJson(findings: readonly CheckFinding[], summary: ValidateSummary): string {
  return jsonDocument({
    errors: findings.filter((f) => f.severity === 'error').map(findingJson),
    warnings: findings.filter((f) => f.severity === 'warning').map(findingJson),
    summary,
  });
}

/** Escape the message of a workflow command: %, CR and LF. */
export function escapeData(s: string): string {
  // A CI log is a terminal too: control characters are written out, line breaks escaped as the format asks.
  return visible(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escape a property value of a workflow command: as data, plus : and ,. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=...,line=...,col=...,title=...::message`, one per finding, paths as given by `dirLabel`. */
export function renderGithub(findings: readonly CheckFinding[], dirLabel: string): string {
  return findings
    .map((f) => {
      const props = [`file=${escapeProperty(shownPath(dirLabel, f.file))}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(f.code)}`].join(',');
      return `::${f.severity} ${props}::${escapeData(f.message)}\n`;
    })
    .join('');
}

/** One line per finding of a vetted record (`file` is the record's own), naming the other records involved. */
export function describeFindings(findings: readonly CheckFinding[], file: string): string[] {
  // The messages quote records (titles): their control characters are written out, never sent to a terminal.
  return findings.map((f) => visible(`${f.file === file ? '' : `${f.file}: `}${f.message} [${f.code}]`));
}
