// The one rule for a URL a record or an option may hold: absolute, http or https. A record's url is linked from
// the HTML export and feeds: javascript:, data:, file: and every other scheme could run code or read files. Pure.

/** What a URL must be, for messages. */
export const URL_RULE = 'an absolute http:// or https:// address, e.g. https://example.org/report';

/** `s` as a URL when it is an absolute http(s) URL with a host; otherwise undefined. */
export function httpUrl(s: string): URL | undefined {
  // "https:example.org" parses (as https://example.org/) but is not how an address is written: refused.
  if (!/^https?:\/\//i.test(s.trim())) return undefined;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : undefined;
}

export function isHttpUrl(s: unknown): boolean {
  return typeof s === 'string' && httpUrl(s) !== undefined;
}

/** The address of a DOI: https://doi.org/10.5555/drc.2019-s11 (the suffix's characters percent-encoded as a path needs). */
export const doiUrl = (doi: string): string => `https://doi.org/${doi.split('/').map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/')}`;
