// Types of scripts/check-layers.mjs, for the tests that import it.
export interface Violation {
  file: string;
  line: number;
  spec: string;
  rule: string;
}
export const RULES: Record<string, { may: string[]; what: string }>;
export const PACKAGES: Array<{ name: RegExp; only?: string[]; not?: string[]; why?: string }>;
export function moduleOf(rel: string): string;
export function importsOf(fileName: string, text: string): Array<{ spec: string; line: number }>;
export function violations(srcDir: string): Violation[];
