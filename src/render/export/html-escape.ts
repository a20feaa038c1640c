// Escaping for HTML: everything that comes from a record passes through here before it reaches a page.
import { httpUrl } from '../../model/url.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and (double- or single-quoted) attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML[ch]!);
}

/** An external link target: only http(s) URLs are linked (no javascript:, data:); undefined otherwise. */
export function safeHref(u: string | undefined): string | undefined {
  if (!u) return undefined;
  return httpUrl(u)?.toString();
}
