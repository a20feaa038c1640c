// Every `curl` example of docs/serve.md prints what it shows: each is sent to the server in-process, over a copy
// of the bundled archive, with the token of the examples ($TOKEN) and the documentation's clock.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { served, TOKEN } from '../serve/helpers.js';

interface Example {
  command: string;
  url: string;
  headers: Record<string, string>;
  method: string;
  body?: string;
  jq: boolean;
  output: string;
}

/** `$ curl ...` then the output, from each ```console block; `| jq .` pretty-prints as jq does. */
function examples(markdown: string): Example[] {
  return [...markdown.matchAll(/```console\n\$ (curl [^\n]*)\n([\s\S]*?)```/g)].map((m) => {
    const command = m[1]!;
    const words = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2] ?? w[3]!);
    const ex: Example = { command, url: '', headers: {}, method: 'GET', jq: false, output: m[2]! };
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      if (w === '-s') continue;
      else if (w === '-H') {
        const [k, ...v] = words[++i]!.split(':');
        ex.headers[k!.trim().toLowerCase()] = v.join(':').trim().replace('$TOKEN', TOKEN);
      } else if (w === '-X') ex.method = words[++i]!;
      else if (w === '-d') ex.body = words[++i]!;
      else if (w === '|') {
        ex.jq = words.slice(i + 1).join(' ') === 'jq .';
        break;
      } else ex.url = w;
    }
    return ex;
  });
}

const doc = readFileSync(path.join(ROOT, 'docs', 'serve.md'), 'utf8');

describe('docs/serve.md examples', () => {
  const s = served({ write: true, hosts: ['127.0.0.1:8737'] });
  afterAll(() => s.close());
  const cases = examples(doc);
  it('has examples, each piped to nothing or to jq .', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const c of cases) expect(c.command.includes('|') ? c.command.endsWith('| jq .') : true, c.command).toBe(true);
  });
  it.each(cases.map((c) => [c.command, c] as const))('%s', async (_name, c) => {
    const url = new URL(c.url);
    const r = await s.req(url.pathname + url.search, { auth: 'none', method: c.method, headers: c.headers, body: c.body });
    const text = await r.text();
    // A console block ends with a line break; a JSON body has none of its own.
    expect(c.jq ? JSON.stringify(JSON.parse(text), null, 2) + '\n' : text.endsWith('\n') ? text : `${text}\n`).toBe(c.output);
  });
});
