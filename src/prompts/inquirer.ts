// The one module that imports @inquirer/prompts: it turns Questions (./index.ts) into terminal prompts.
import { confirm, input, select } from '@inquirer/prompts';
import type { Context } from '@inquirer/type';
import type { Ask, Question } from './index.js';

/** An Ask that prompts on the terminal. `context` lets tests run the prompts on other streams. */
export function inquirerAsk(context?: Context): Ask {
  const ask = (async (q: Question) => {
    switch (q.type) {
      case 'input':
        return input(
          {
            message: q.hint ? `${q.message} (${q.hint})` : q.message,
            default: q.default,
            validate: q.validate,
          },
          context,
        );
      case 'select':
        return select(
          {
            message: q.message,
            choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, description: c.description })),
            default: q.default,
          },
          context,
        );
      case 'confirm':
        return confirm({ message: q.message, default: q.default }, context);
      case 'lines': {
        // A paragraph per line, ended by an empty line: easier to type (and to paste) than an editor round trip.
        const lines: string[] = [];
        for (;;) {
          const first = lines.length === 0;
          const line = await input(
            { message: first ? (q.hint ? `${q.message} (${q.hint})` : q.message) : `${q.message} (continued; empty line to finish)` },
            context,
          );
          if (line.trim() === '') break;
          lines.push(line.trim());
        }
        return lines.join('\n\n');
      }
    }
  }) as Ask;
  ask.note = (text: string) => {
    const out = (context?.output ?? process.stdout) as NodeJS.WritableStream;
    out.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  return ask;
}
