// Field accuracy of the page reader over a folder of fixture pages, each `<name>.txt` with `<name>.json` holding
// the fields the page shows (and `_style`: "seed" for the seed page's layout). Shared by the tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePage, type PageImport } from '../../src/model/page/read.js';

export const FIELDS = ['title', 'authors', 'team', 'unit', 'organization', 'series', 'kind', 'number', 'year', 'total', 'date', 'abstract', 'keywords', 'url'] as const;

export interface PageScore {
  name: string;
  style: string;
  /** Fields the page shows or the reader gave. */
  counted: number;
  wrong: Array<{ field: string; expected: unknown; got: unknown }>;
  notices: string[];
}

export function scorePages(dir: string, read: (file: string) => PageImport = (f) => parsePage(readFileSync(f, 'utf8'))): PageScore[] {
  const out: PageScore[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.replace(/\.json$/, '');
    const expected = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    const page = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f !== file)!;
    const r = read(path.join(dir, page));
    const got = r.fields as Record<string, unknown>;
    const score: PageScore = { name, style: String(expected._style ?? ''), counted: 0, wrong: [], notices: r.notices };
    for (const f of FIELDS) {
      if (expected[f] === undefined && got[f] === undefined) continue;
      score.counted++;
      if (JSON.stringify(expected[f]) !== JSON.stringify(got[f])) score.wrong.push({ field: f, expected: expected[f], got: got[f] });
    }
    out.push(score);
  }
  return out;
}

export function accuracy(scores: readonly PageScore[]): number {
  const counted = scores.reduce((n, s) => n + s.counted, 0);
  const wrong = scores.reduce((n, s) => n + s.wrong.length, 0);
  return counted === 0 ? 0 : (counted - wrong) / counted;
}
