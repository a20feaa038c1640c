// The plan of `reports fix` as text: one line per change (file, field, old -> new, why), then the choices left.
import type { FileAction, FixPlan } from '../checks/fix.js';
import { visible as escapeVisible } from './safe.js';
import type { Style } from './style.js';

/**
 * Record text and file names are data: control characters (ESC, BEL, C1, line breaks, bidirectional controls) are
 * shown as escapes, never sent to the terminal; the same escaping as every other terminal output.
 */
export const visible = (s: string): string => escapeVisible(s);

/** A value as the plan shows it: JSON for lists and text (quotes make blanks visible), "(none)" when absent. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'number') return String(v);
  return visible(JSON.stringify(v));
}

function sourceLine(a: FileAction): string | undefined {
  if ('conflict' in a.source) return a.note ?? `from ${a.source.side} of ${a.source.conflict}`;
  return a.note;
}

export function renderPlan(plan: FixPlan, style: Style): string {
  const { c } = style;
  const out: string[] = [];
  for (const a of plan.actions) {
    const head = sourceLine(a);
    if (head) out.push(`${c.bold(visible(a.file))}  ${a.create ? 'new file: ' : ''}${visible(head)}`);
    for (const e of a.edits) out.push(`${c.bold(visible(a.file))}  ${visible(e.field)}  ${showValue(e.old)} -> ${showValue(e.new)}  ${c.dim(`(${visible(e.why)})`)}`);
    if (a.remove) out.push(`${c.bold(visible(a.remove))}  removed (moved to ${visible(a.file)})`);
  }
  for (const n of plan.notes) out.push(c.yellow(`note: ${visible(n)}`));
  if (plan.choices.length > 0) {
    out.push('', 'Not fixed: cannot be proved; choose with --prefer:');
    for (const ch of plan.choices) {
      out.push(`  ${visible(ch.question)}`);
      for (const o of ch.options) out.push(`    --prefer ${o.prefer}   ${visible(o.means)}`);
    }
  }
  if (plan.open.length > 0) {
    out.push('', 'Not fixed: the rules cannot prove which value is right; a person decides:');
    for (const o of plan.open) {
      out.push(`  ${c.bold(o.file)}  ${o.code}${o.unsettled ? ' (a tie: none of the parties is known to be wrong)' : ''}`);
      out.push(`    ${visible(o.message)}`);
      for (const step of o.next) out.push(`    next: ${visible(step)}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** The plan as data: what `fix --json` prints. */
export function planJson(plan: FixPlan): object {
  return {
    actions: plan.actions.map((a) => ({
      file: a.file,
      id: a.id,
      source: a.source,
      create: a.create,
      ...(a.remove ? { remove: a.remove } : {}),
      ...(a.note ? { note: a.note } : {}),
      stage: a.stage,
      ...(a.was && a.was !== a.id ? { was: a.was } : {}),
      changes: a.edits.map((e) => ({ field: e.field, old: e.old ?? null, new: e.new ?? null, why: e.why })),
    })),
    choices: plan.choices,
    notes: plan.notes,
    open: plan.open,
  };
}
