// Synthetic archives for the benchmark: realistic records (150-word abstracts, 2-4 authors, 3-5 keywords),
// contiguous numbers and running Totals per sequence. Deterministic: the same n gives the same files.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const WORDS = (
  'reform development policy rural urban industry market finance credit debt risk growth innovation region ' +
  'province county town village land labour migration household income consumption investment trade export ' +
  'import manufacturing service digital economy energy carbon climate water agriculture grain food security ' +
  'health care pension insurance education school university research technology enterprise state private ' +
  'capital bank fiscal tax revenue expenditure government local central coordination planning infrastructure ' +
  'transport railway highway port logistics housing property price inflation employment wage productivity'
).split(' ');
const SURNAMES = 'Zhang Wang Li Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo'.split(' ');
const GIVEN = 'Wei Na Min Jing Lei Yang Jun Tao Fang Xiaohuan Xiaodong Hongda Sanlin Liang He Xuan Feng Yun Hui Qiang'.split(' ');
const UNITS = [
  'Research Department of Rural Economy',
  'Institute of Public Administration and Human Resources',
  'Research Department of Macroeconomy',
  'Research Department of Industrial Economy',
  'Institute for Resources and Environment Policies',
];

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (s) => JSON.stringify(s);

// Text reads like text: a few thousand distinct words with a Zipf-like spread (a few very common, most rare),
// so that a search index has the shape it has on real abstracts. The topical words above come first.
const FUNCTION_WORDS = 'the of and to in for on with as by is are that this from at be an it which has have their'.split(' ');
function vocabulary(size) {
  const syll = 'ba be bi bo da de di do fa fe ga ge ha he ka ke la le li lo ma me mi mo na ne ni no pa pe ra re ri ro sa se si so ta te ti to va ve za ze'.split(' ');
  const rand = rng(7);
  const words = new Set([...WORDS]);
  while (words.size < size) {
    const k = 2 + Math.floor(rand() * 3);
    words.add(Array.from({ length: k }, () => syll[Math.floor(rand() * syll.length)]).join('') + ['tion', 'ity', 'ment', 'al', 'ing', 's', ''][Math.floor(rand() * 7)]);
  }
  return [...words];
}
const VOCAB = vocabulary(8000);
/** Cumulative Zipf weights (exponent 1) over VOCAB. */
const ZIPF = (() => {
  const w = VOCAB.map((_, i) => 1 / (i + 1));
  let acc = 0;
  return w.map((x) => (acc += x)).map((x) => x / acc);
})();
function zipfWord(rand) {
  const u = rand();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo];
}

/** Bump when the generated records change, so kept archives are made anew. */
const FORMAT = 3;

/**
 * The styles of archive the benchmark writes: the same records written three ways over 40 years, and `flow50`, the
 * shape of an archive held out from the benchmark's making (flow style, 50 years of 200 records at 10,000).
 */
export const STYLES = ['add', 'flow', 'hand', 'flow50'];
/** Years of each style. */
const YEARS = { flow50: 50 };

/** A plain scalar YAML reads back as this same string (else it is double-quoted), as `add` writes. */
const plainOk = (s) => /^[A-Za-z\u00C0-\uFFFF][^:#\n"'`\[\]{},&*!|>%@]*$/.test(s) && !/\s$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s);
const plain = (s) => (plainOk(s) ? s : q(s));

/** Words wrapped into lines of at most `width` characters. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * One record as a file in `style`:
 * - add: what `reports add` writes: plain scalars where YAML reads them back as written, block lists, a folded
 *   abstract wrapped at 100 columns;
 * - flow: flow lists of double-quoted scalars, every string double-quoted, the abstract on one line;
 * - hand: a hand-edited file: comments (a header, between fields, after values), keys in another order, a folded
 *   (>) or literal (|) abstract, block lists written without indentation or as flow lists.
 */
function render(style, r, rand) {
  if (style === 'flow' || style === 'flow50') {
    return [
      `title: ${q(r.title)}`,
      `authors: [${r.authors.map(q).join(', ')}]`,
      `unit: ${q(r.unit)}`,
      `organization: ${q('DRC')}`,
      `series: ${q('Research Report')}`,
      `kind: ${q(r.kind)}`,
      `number: ${r.number}`,
      `year: ${r.year}`,
      `total: ${r.total}`,
      `date: ${q(r.date)}`,
      `abstract: ${q(r.abstract)}`,
      `keywords: [${r.keywords.map(q).join(', ')}]`,
      '',
    ].join('\n');
  }
  if (style === 'add') {
    return [
      `title: ${plain(r.title)}`,
      'authors:',
      ...r.authors.map((a) => `  - ${plain(a)}`),
      `unit: ${plain(r.unit)}`,
      'organization: DRC',
      'series: Research Report',
      `kind: ${r.kind}`,
      `number: ${r.number}`,
      `year: ${r.year}`,
      `total: ${r.total}`,
      `date: ${r.date}`,
      'abstract: >-',
      ...wrap(r.abstract, 98).map((l) => `  ${l}`),
      'keywords:',
      ...r.keywords.map((k) => `  - ${plain(k)}`),
      '',
    ].join('\n');
  }
  const literal = rand() < 0.5;
  const fields = [
    [`# ${r.kind === 'special' ? 'Special issue' : 'Report'} No.${r.number}, ${r.year} (Total ${r.total})`, `year: ${r.year}`, `number: ${r.number}  # checked against the page`],
    [`kind: ${r.kind}`],
    [`total: ${r.total}`],
    [`title: ${plain(r.title)}`],
    rand() < 0.5
      ? ['authors:', ...r.authors.map((a) => `- ${plain(a)}`)]
      : [`authors: [${r.authors.map((a) => (rand() < 0.5 ? q(a) : plain(a))).join(', ')}]`],
    [`date: ${r.date}`, '# the unit as printed on the cover'],
    [`unit: ${plain(r.unit)}`],
    ['organization: DRC', 'series: Research Report'],
    [literal ? 'abstract: |' : 'abstract: >', ...wrap(r.abstract, 60 + Math.floor(rand() * 40)).map((l) => `    ${l}`)],
    ['', '# key words as listed', 'keywords:', ...r.keywords.map((k) => `  - ${plain(k)}`)],
  ];
  // Keys in another order: the numbering first (as above), then the rest shuffled a little.
  for (let i = fields.length - 1; i > 4; i--) {
    const j = 3 + Math.floor(rand() * (i - 2));
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  return fields.flat().join('\n') + '\n';
}

export function generate(dir, n, style = 'flow') {
  const stamp = path.join(dir, '.generated');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === `${FORMAT} ${n} ${style}`) return dir;
  const rand = rng(n);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const words = (k) => Array.from({ length: k }, () => (rand() < 0.35 ? pick(FUNCTION_WORDS) : zipfWord(rand)));
  // 40 years (50 for flow50); each year has 90% regular reports and 10% special issues, dated in number order.
  const years = YEARS[style] ?? 40;
  const perYear = Math.ceil(n / years);
  const specialPerYear = Math.max(1, Math.round(perYear / 10));
  const regularPerYear = perYear - specialPerYear;
  let made = 0;
  const totals = { regular: 1000, special: 100 };
  for (let y = 0; y < years && made < n; y++) {
    const year = 1990 + y;
    mkdirSync(path.join(dir, String(year)), { recursive: true });
    for (const [kind, count] of [['regular', regularPerYear], ['special', specialPerYear]]) {
      for (let number = 1; number <= count && made < n; number++, made++) {
        const total = ++totals[kind];
        const day = Math.min(28, 1 + Math.floor(((number - 1) / count) * 28));
        const month = 1 + Math.floor(((number - 1) / count) * 12);
        const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const authors = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => `${pick(SURNAMES)} ${pick(GIVEN)}`);
        const keywords = Array.from({ length: 3 + Math.floor(rand() * 3) }, () => `${zipfWord(rand)} ${pick(WORDS)}`);
        const title = words(8 + Math.floor(rand() * 6)).join(' ').replace(/^./, (c) => c.toUpperCase());
        const abstract = words(150).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
        const r = { title, authors, unit: pick(UNITS), kind, number, year, total, date, abstract, keywords };
        writeFileSync(path.join(dir, String(year), `${kind}-${String(number).padStart(3, '0')}.yaml`), render(style, r, rand));
      }
    }
  }
  writeFileSync(stamp, `${FORMAT} ${n} ${style}`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n, style = 'flow'] = process.argv.slice(2);
  generate(path.resolve(dir), Number(n), style);
  console.log(`generated ${n} records (${style}) in ${dir}`);
}
