// A scripted Ask: answers prompts from a table, as a user would type them, and records what was asked and shown.
import type { Ask, Question } from '../src/model/questions.js';

export interface Script {
  ask: Ask;
  /** Every question, in the order asked (a question asked again after a rejected answer appears once). */
  asked: Question[];
  /** [question name, validation message] for each rejected answer. */
  rejected: Array<[string, string]>;
  /** Notes printed between prompts. */
  notes: string[];
}

type Answer = string | boolean;

/**
 * Answers each question from `answers[name]` (a list is used in turn: retyping after an error, or the same prompt
 * asked again later). Like a terminal, an empty answer takes the default; a select's answer must be one of its
 * choices; a question with no answer left takes its default (a select's first choice, a confirm's default).
 */
export function scripted(answers: Record<string, Answer | Answer[]>): Script {
  const asked: Question[] = [];
  const rejected: Array<[string, string]> = [];
  const notes: string[] = [];
  const queue = new Map(Object.entries(answers).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const ask = (async (q: Question) => {
    asked.push(q);
    const list = queue.get(q.name);
    for (;;) {
      const next = list?.shift();
      if (q.type === 'confirm') return next ?? q.default ?? false;
      if (q.type === 'select') {
        const v = (next as string | undefined) ?? q.default ?? q.choices[0]!.value;
        if (!q.choices.some((c) => c.value === v)) throw new Error(`${q.name}: ${v} is not a choice (${q.choices.map((c) => c.value).join(', ')})`);
        return v;
      }
      const raw = (next as string | undefined) ?? '';
      const value = raw === '' && q.type === 'input' ? (q.default ?? '') : raw;
      if (q.type === 'input' && q.validate) {
        const v = q.validate(value);
        if (v !== true) {
          rejected.push([q.name, v]);
          if (!list?.length) throw new Error(`no more answers for ${q.name} after: ${v}`);
          continue;
        }
      }
      return value;
    }
  }) as Ask;
  ask.note = (text: string) => void notes.push(text);
  return { ask, asked, rejected, notes };
}
