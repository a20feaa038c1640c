// Field positions packed into one string: a record's positions are kept (and cached) in this form and unpacked
// only when a check reports a finding at them. Thousands of small objects would cost memory and time for nothing.
import { noPositions, type FieldPositions } from '../model/record.js';

/** Positions as one JSON string of [key, keyLine, keyColumn, valueLine, valueColumn, ...]: parsed only when used. */
export function packPositions(p: FieldPositions): string {
  const flat: (string | number)[] = [];
  for (const [k, [kl, kc]] of Object.entries(p.keys)) {
    const [vl, vc] = p.values[k] ?? [kl, kc];
    flat.push(k, kl, kc, vl, vc);
  }
  return JSON.stringify(flat);
}

export function unpackPositions(s: string): FieldPositions {
  const out = noPositions();
  const flat = JSON.parse(s) as (string | number)[];
  for (let i = 0; i + 4 < flat.length; i += 5) {
    const k = String(flat[i]);
    out.keys[k] = [Number(flat[i + 1]), Number(flat[i + 2])];
    out.values[k] = [Number(flat[i + 3]), Number(flat[i + 4])];
  }
  return out;
}
