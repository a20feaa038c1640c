// The command line's words for what a use case names in its messages: input fields become flags, running a use case
// again becomes the command to type. The use cases never name a flag themselves (src/errors.ts: Words).
import type { Words } from '../errors.js';

/** Input fields whose flag is not their name in kebab case. */
const FLAGS: Readonly<Record<string, string>> = {
  authors: '--author',
  keywords: '--keyword',
  page: '--from-text',
  textFile: '--from',
};

/** `baseUrl` -> `--base-url`. */
export function flagOf(field: string): string {
  return FLAGS[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A value as a shell reads it back: plain when safe, else in single quotes; a `<placeholder>` stays as it is. */
export function shellWord(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s) || /^<[a-z]+>$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export const flagWords: Words = {
  field: flagOf,
  again: (useCase, args, fields) =>
    ['reports', useCase, ...args.map(shellWord), ...Object.entries(fields).flatMap(([k, v]) => [flagOf(k), shellWord(v)])].join(' '),
};

/** A notice in the command line's words. */
export function noticeText(n: { message: string; wording?: (w: Words) => string }): string {
  return n.wording ? n.wording(flagWords) : n.message;
}
