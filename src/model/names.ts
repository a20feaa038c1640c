// Authors' names as citations need them: a family name and a given name, or one literal name (an organization,
// a research team). Pure. The archive says how its names are written (config `names: family-first|given-first`);
// a record may override any author with "Family, Given", {family, given} or {literal}.

/** How the archive's pages write a person's name: "Zhang Xiaohuan" (family-first, the DRC) or "John Smith". */
export const NAME_STYLES = ['family-first', 'given-first'] as const;
export type NameStyle = (typeof NAME_STYLES)[number];
export const DEFAULT_NAME_STYLE: NameStyle = 'family-first';

/** An author as a record holds it: the name as the page writes it, or an override. */
export type Author = string | { family: string; given?: string } | { literal: string };

/** A name as citation formats take it: a person split in two, or one literal name never split. */
export type CitedName = { family: string; given?: string } | { literal: string };

export interface NameReading {
  name: CitedName;
  /** Why the name could not be split, and the fix; the name is then cited whole, as a literal. */
  problem?: string;
}

export const isLiteral = (n: CitedName): n is { literal: string } => 'literal' in n;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const NON_ASCII = /[^\x00-\x7f]/;
// "Zhang Xiaohuan", "Li Na", "John Smith": two capitalised ASCII words. validate reads every author of 100,000
// records: 500,000 names took 1.3 s by the general path, 0.2 s with this one first.
const TWO_WORDS = /^([A-Z][A-Za-z'’.-]*) ([A-Z][A-Za-z'’.-]*)$/;

// Words that make an author an organization, a team or a unit rather than a person: cited whole.
const ORGANIZATION_RE =
  /\b(?:team|group|cent(?:er|re)|institute|department|office|council|commission|committee|ministry|bureau|association|university|academy|society|foundation|laborator(?:y|ies)|division|agency|administration|school|college|corporation|company|force|secretariat|drc)\b|[“”"]/i;
// Han and Hangul names are written without spaces, family name first, whatever the archive's style.
const HAN_RE = /^\p{Script=Han}{2,4}$/u;
const HANGUL_RE = /^\p{Script=Hangul}{2,4}$/u;
// Two-character Chinese family names (the common ones): 欧阳修 is 欧阳 + 修.
const HAN_COMPOUND = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 东郭 申屠 澹台 太史 闻人 万俟 钟离 宗政 濮阳 淳于 单于 仲孙 赫连 拓跋 公冶 太叔 羊舌 第五 歐陽 司馬 諸葛 東方 長孫 夏侯 軒轅 獨孤 鍾離'.split(' '),
);
const HANGUL_COMPOUND = new Set('남궁 황보 제갈 사공 선우 독고 서문'.split(' '));
// Particles that belong to the family name of a given-first name: "Ludwig van Beethoven" -> van Beethoven.
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'dos', 'das', 'ter', 'ten', 'zu', 'bin', 'ibn', 'al']);

/** Whether an author written as one string is an organization or a team (cited whole): "Research Team on “...”". */
export function isOrganizationName(s: string): boolean {
  return ORGANIZATION_RE.test(s);
}

const fix = (s: string) =>
  `write it as "Family, Given" (or {family: ..., given: ...}) in the record, or as {literal: ${JSON.stringify(s)}} if it is an organization`;

/** A name in Han or Hangul characters: family name first, one character (or a two-character family name). */
function splitCjk(s: string): NameReading | undefined {
  const chars = [...s];
  const compound = HAN_RE.test(s) ? HAN_COMPOUND : HANGUL_RE.test(s) ? HANGUL_COMPOUND : undefined;
  if (!compound) return undefined;
  const two = chars.slice(0, 2).join('');
  const familyLength = compound.has(two) && chars.length > 2 ? 2 : 1;
  if (chars.length === 4 && familyLength === 1)
    return { name: { literal: s }, problem: `"${s}" has four characters and no known two-character family name: the family name cannot be told by rule; ${fix(s)}` };
  return { name: { family: chars.slice(0, familyLength).join(''), given: chars.slice(familyLength).join('') } };
}

/**
 * How an author is cited. A string is read by the archive's style ("Zhang Xiaohuan" family-first: family Zhang,
 * given Xiaohuan; "John Smith" given-first), "Family, Given" is taken as written, an organization or a team
 * stays whole. A name the rule cannot split (one word, more words than the rule reads) is cited whole with a
 * `problem` saying how to fix it: nothing is guessed.
 */
export function readName(author: Author, style: NameStyle = DEFAULT_NAME_STYLE): NameReading {
  if (typeof author !== 'string') {
    if ('literal' in author) return { name: { literal: clean(author.literal) } };
    const given = author.given === undefined ? '' : clean(author.given);
    return { name: given ? { family: clean(author.family), given } : { family: clean(author.family) } };
  }
  // The common case first, without the general path's cleaning and splitting: two plain words.
  const two = TWO_WORDS.exec(author);
  if (two && !ORGANIZATION_RE.test(author))
    return { name: style === 'family-first' ? { family: two[1]!, given: two[2]! } : { family: two[2]!, given: two[1]! } };
  const s = clean(author);
  if (isOrganizationName(s)) return { name: { literal: s } };
  if (s.includes(',')) {
    const parts = s.split(',').map(clean);
    if (parts.length === 2 && parts[0] && parts[1]) return { name: { family: parts[0], given: parts[1] } };
    return { name: { literal: s }, problem: `"${s}" has ${parts.length - 1} commas: "Family, Given" takes one; ${fix(s)}` };
  }
  // Only a name with a character beyond ASCII can be a Han or Hangul name.
  const cjk = NON_ASCII.test(s) ? splitCjk(s) : undefined;
  if (cjk) return cjk;
  const words = s.split(' ');
  if (words.length === 1) return { name: { literal: s }, problem: `"${s}" is one word: the family and given names cannot be told apart; ${fix(s)}` };
  if (style === 'family-first') {
    if (words.length === 2) return { name: { family: words[0]!, given: words[1]! } };
    return { name: { literal: s }, problem: `"${s}" has ${words.length} words: a family-first name is read as two (Family Given); ${fix(s)}` };
  }
  // given-first: the last word is the family name, with the particles before it ("van Beethoven").
  let i = words.length - 1;
  while (i > 1 && PARTICLES.has(words[i - 1]!.toLowerCase())) i--;
  const given = words.slice(0, i);
  if (given.length > 2)
    return { name: { literal: s }, problem: `"${s}" has ${words.length} words: a given-first name is read as Given [Middle] Family; ${fix(s)}` };
  return { name: { family: words.slice(i).join(' '), given: given.join(' ') } };
}

/** The fields of a record that say who wrote it. */
export interface Byline {
  authors?: readonly Author[];
  team?: string;
  unit?: string;
  organization?: string;
}

/**
 * The authors a citation names: each author split by the style; a record with no person author is signed by its
 * team, else its unit, else its organization, as one literal author.
 */
export function citedAuthors(r: Byline, style: NameStyle = DEFAULT_NAME_STYLE): CitedName[] {
  if (r.authors && r.authors.length > 0) return r.authors.map((a) => readName(a, style).name);
  const signer = r.team ?? r.unit ?? r.organization;
  return signer ? [{ literal: clean(signer) }] : [];
}

/** "Zhang, Xiaohuan" (Dublin Core, Highwire citation_author, BibTeX); a literal as it is; a lone family name alone. */
export function invertedName(n: CitedName): string {
  if (isLiteral(n)) return n.literal;
  return n.given ? `${n.family}, ${n.given}` : n.family;
}

const isCjkName = (n: { family: string; given?: string }) => /^[\p{Script=Han}\p{Script=Hangul}]+$/u.test(n.family + (n.given ?? ''));

/**
 * An author as the terminal and the site show it: a string as the page writes it; an override as the archive's
 * style writes names ("Zhang Xiaohuan" family-first, "John Smith" given-first; Han and Hangul with no space).
 */
export function authorText(a: Author, style: NameStyle = DEFAULT_NAME_STYLE): string {
  if (typeof a === 'string') return a;
  if ('literal' in a) return a.literal;
  if (!a.given) return a.family;
  if (isCjkName(a)) return `${a.family}${a.given}`;
  return style === 'family-first' ? `${a.family} ${a.given}` : `${a.given} ${a.family}`;
}

/** Every author's text (see authorText); none for a record without authors. */
export function authorTexts(authors: readonly Author[] | undefined, style: NameStyle = DEFAULT_NAME_STYLE): string[] {
  return (authors ?? []).map((a) => authorText(a, style));
}

/** The names of a record that cannot be split, with the fix: validate's warnings. */
export function nameProblems(authors: readonly Author[] | undefined, style: NameStyle = DEFAULT_NAME_STYLE): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  (authors ?? []).forEach((a, index) => {
    const p = readName(a, style).problem;
    if (p) out.push({ index, message: p });
  });
  return out;
}
