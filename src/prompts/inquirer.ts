// The one module that imports @inquirer/prompts: it turns Questions (./index.ts) into terminal prompts.
import { confirm, input, select } from '@inquirer/prompts';
import type { Context } from '@inquirer/type';
import type { Ask, Question } from './index.js';
import { askLines } from './lines.js';

/** An Ask that prompts on the terminal. `context` lets tests run the prompts on other streams. */
export function inquirerAsk(context?: Context): Ask {
  // Keys typed ahead in the read that ended the abstract. An inquirer prompt drops what arrives before its first
  // render (stale keys, by design), so they are handed to it once it is listening: its first render is one
  // setImmediate after it starts, and ours is queued after that one.
  let typeAhead = '';
  const deliver = <T>(prompt: Promise<T>): Promise<T> => {
    if (typeAhead) {
      const keys = Buffer.from(typeAhead, 'utf8');
      typeAhead = '';
      const input = (context?.input ?? process.stdin) as NodeJS.ReadableStream;
      setImmediate(() => input.unshift(keys));
    }
    return prompt;
  };
  const ask = (async (q: Question) => {
    switch (q.type) {
      case 'input':
        return deliver(input(
          {
            message: q.hint ? `${q.message} (${q.hint})` : q.message,
            default: q.default,
            validate: q.validate,
          },
          context,
        ));
      case 'select':
        return deliver(select(
          {
            message: q.message,
            choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, description: c.description })),
            default: q.default,
          },
          context,
        ));
      case 'confirm':
        return deliver(confirm({ message: q.message, default: q.default }, context));
      case 'lines': {
        // Read byte by byte (./lines.ts): a line-at-a-time prompt would keep the first line of a paste only.
        const { text, rest } = await askLines({
          message: `? ${q.hint ? `${q.message} (${q.hint})` : q.message}: `,
          continuation: '  (continued) ',
          input: context?.input,
          output: context?.output,
        });
        typeAhead = rest;
        return text;
      }
    }
  }) as Ask;
  ask.note = (text: string) => {
    const out = (context?.output ?? process.stdout) as NodeJS.WritableStream;
    out.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  return ask;
}
