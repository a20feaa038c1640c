// Types of scripts/ascii.mjs, for the tests that import it.
export function asciiOnly(code: string, file?: string): string;
