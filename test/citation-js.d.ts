// The part of @citation-js/core (which ships no types) the tests use: parse any input into CSL-JSON items, format them.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data?: unknown);
    static async(data: unknown): Promise<Cite>;
    data: Record<string, unknown>[];
    format(format: string, options?: Record<string, unknown>): string;
  }
}
