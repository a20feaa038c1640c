// The names `reports schema` takes, with what each describes, apart from the schemas themselves (schemas.ts): the
// record's schema is made by zod, and the command line's help must load neither (zod and the schemas took 47 ms of
// every start when the help loaded them).
export const SCHEMA_ABOUT = {
  record: 'a record file (YAML), for editors running the YAML language server',
  list: 'reports list --json: {schemaVersion, count, reports} (export json\'s shape without its time)',
  show: 'reports show --json and add --json: {schemaVersion, report}',
  validate: 'reports validate --json: {schemaVersion, errors, warnings, summary}',
  stats: 'reports stats --json: {schemaVersion, sequences, summary}',
  fix: 'reports fix --json: {schemaVersion, actions, choices, notes, open, applied, written, removed, staged, commit?, commits, renumbered, operation?, next?, errors}',
  import: 'reports import --json: {schemaVersion, counts, items}',
  config: 'reports config --json: {schemaVersion, file, entries, problems}',
  sync: 'reports sync --json: {schemaVersion, mode, upstream, before, after, arrived, renumbered, commits, errors, pushed}',
  export: 'reports export json: {schemaVersion, generated, count, reports}',
  rm: 'reports rm --json: {schemaVersion, removed, action, gaps, dryRun, commit?}',
  edit: 'reports edit --set ... --json: {schemaVersion, changes, dryRun, commit?}',
  attach: 'reports attach --json: {schemaVersion, id, record, status, attachment, previous?, dryRun, commit?}',
} as const;

export type SchemaName = keyof typeof SCHEMA_ABOUT;

/** The names `reports schema` takes, with what each describes. */
export const SCHEMA_NAMES: ReadonlyArray<{ name: SchemaName; about: string }> = (Object.keys(SCHEMA_ABOUT) as SchemaName[]).map((name) => ({ name, about: SCHEMA_ABOUT[name] }));
