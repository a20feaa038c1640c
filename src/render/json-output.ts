// What every --json output starts with: the version of its shape. A script checks it (or validates the output
// against `reports schema <name>`) and learns of a change in the shape instead of misreading it. The version goes up
// when a field is removed or changes meaning; new fields do not change it.
export const SCHEMA_VERSION = 1;

/** A --json document: `{ "schemaVersion": 1, ...body }`, two-space indented, one newline at the end. */
export function jsonDocument(body: object): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...body }, null, 2) + '\n';
}
