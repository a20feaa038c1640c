// The one module that imports the inquirer prompts (@inquirer/confirm, @inquirer/select, @inquirer/core): it turns
// Questions (./index.ts) into terminal prompts.
import confirmImport from '@inquirer/confirm';
import selectImport from '@inquirer/select';
import { createPrompt, isBackspaceKey, isEnterKey, isTabKey, makeTheme, useKeypress, usePrefix, useState, type Status } from '@inquirer/core';
import type { Context } from '@inquirer/type';
import type { Ask, Question } from './index.js';
import { clip, columns } from '../model/clip.js';
import { askLines } from './lines.js';

/**
 * A prompt package's default export. The packages are ES modules only; the command line's CommonJS bundle loads them
 * with require(), where esbuild's interop hands over the module's namespace as `default`: its own `default` is the
 * prompt. The library's ES module gets the prompt itself.
 */
function prompt<T>(imported: T): T {
  return typeof imported === 'function' ? imported : (imported as { default: T }).default;
}
const confirm = prompt(confirmImport);
const select = prompt(selectImport);

/** An Ask that prompts on a terminal's streams (the command line's, or a test's). */
export function inquirerAsk(context: Context & { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Ask {
  // Keys typed ahead in the read that ended the abstract. An inquirer prompt drops what arrives before its first
  // render (stale keys, by design), so they are handed to it once it is listening: its first render is one
  // setImmediate after it starts, and ours is queued after that one.
  let typeAhead = '';
  const deliver = <T>(prompt: Promise<T>): Promise<T> => {
    if (typeAhead) {
      const keys = Buffer.from(typeAhead, 'utf8');
      typeAhead = '';
      const input = context.input;
      setImmediate(() => input.unshift(keys));
    }
    return prompt;
  };
  const ask = (async (q: Question) => {
    switch (q.type) {
      case 'input':
        return deliver(hintedInput({ message: q.message, hint: q.hint, default: q.default, validate: q.validate }, context));
      case 'select':
        return deliver(select(
          {
            message: q.message,
            choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, description: c.description })),
            default: q.default,
            pageSize: q.pageSize,
          },
          context,
        ));
      case 'confirm':
        return deliver(confirm({ message: q.message, default: q.default }, context));
      case 'lines': {
        // Read byte by byte (./lines.ts): a line-at-a-time prompt would keep the first line of a paste only.
        const { text, rest } = await askLines({
          message: linesPrompt(q.message, q.hint),
          continuation: '  (continued) ',
          asLines: q.asLines,
          input: context.input,
          output: context.output,
        });
        typeAhead = rest;
        return text;
      }
    }
  }) as Ask;
  ask.note = (text: string) => {
    const out = context.output;
    out.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  return ask;
}

/**
 * What the several-lines question shows: its hint on a line of its own above the question (the answer takes the
 * lines below), so that both fit 80 columns.
 */
export function linesPrompt(message: string, hint?: string): string {
  return `${hint ? `  ${hint}\n` : ''}? ${message}: `;
}

/** The width prompts are made to fit without wrapping. */
const LINE = 80;

interface HintedInputConfig {
  message: string;
  default?: string;
  hint?: string;
  validate?: (value: string) => true | string;
}

/**
 * inquirer's input prompt with a help line under it: the hint (how to answer, how to leave the field out), or the
 * validation message after a rejected answer. The label stays short, so it fits a narrow terminal on one line.
 * Keys as in inquirer's input: Enter takes the default when nothing is typed, Tab edits it, Backspace clears it.
 */
export const hintedInput = createPrompt<string, HintedInputConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<Status>('idle');
  const [defaultValue, setDefaultValue] = useState(config.default ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const [value, setValue] = useState('');
  const prefix = usePrefix({ status, theme });
  useKeypress((key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      const answer = value || defaultValue;
      const ok = config.validate ? config.validate(answer) : true;
      if (ok === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        // The line is cleared on Enter: put the rejected answer back to be corrected.
        rl.write(value);
        setError(ok);
      }
    } else if (isBackspaceKey(key) && !value) {
      setDefaultValue('');
    } else if (isTabKey(key) && !value) {
      setDefaultValue('');
      rl.clearLine(0);
      rl.write(defaultValue);
      setValue(defaultValue);
    } else {
      setValue(rl.line);
      setError(undefined);
    }
  });
  const shown = status === 'done' ? theme.style.answer(value) : value;
  // A long proposal (an imported title) is shown cut to the line; Enter takes it whole, Tab puts it whole to edit.
  // "? " + label + " (" + proposal + ")", one column short of the line so the cursor does not wrap either.
  const room = Math.max(20, LINE - 6 - columns(config.message));
  const proposed = defaultValue && status !== 'done' && !value ? theme.style.defaultAnswer(clip(defaultValue, room)) : undefined;
  const line = [prefix, theme.style.message(config.message, status), proposed, shown].filter((v) => v !== undefined).join(' ');
  if (status === 'done') return line;
  return [line, error ? theme.style.error(error) : config.hint ? theme.style.help(config.hint) : ''];
});
