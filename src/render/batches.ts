// Large outputs are made a batch of items at a time and handed on in pieces, never held whole in memory.

/** How many items a piece holds, unless an output says otherwise. */
export const BATCH = 256;

/** The text of `items`, `size` at a time: each piece is the batch's `piece(item, index)` strings joined. */
export function* inBatches<T>(items: readonly T[], piece: (item: T, index: number) => string, size = BATCH): Generator<string> {
  for (let start = 0; start < items.length; start += size) {
    const end = Math.min(items.length, start + size);
    let text = '';
    for (let i = start; i < end; i++) text += piece(items[i]!, i);
    yield text;
  }
}

/** `value` as JSON.stringify(value, null, 2) writes it nested under `indent` (a JSON string holds no line break). */
export function jsonNested(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}
