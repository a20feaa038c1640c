// Shell completion scripts (bash, zsh, fish) written from a description of the program's commands and options,
// so they stay true as options change. Ids and years come from the archive at completion time, through the hidden
// `__complete` command. Pure: a spec in, a script out.

/** What a value (of an option or an argument) completes to. */
export type Values =
  | { kind: 'none' }
  | { kind: 'words'; words: string[] }
  /** A comma-separated list of these words (`--columns id,date`): each word after the last comma completes. */
  | { kind: 'list'; words: string[] }
  | { kind: 'ids' }
  | { kind: 'years' }
  | { kind: 'dirs' }
  | { kind: 'files' }
  | { kind: 'commands' };

export interface OptionSpec {
  /** "-y", "--year" */
  flags: string[];
  description: string;
  /** Absent for a flag that takes no value. */
  value?: Values;
}

export interface CommandSpec {
  /** The name, then its aliases. */
  names: string[];
  description: string;
  options: OptionSpec[];
  /** What the first argument completes to. */
  argument?: Values;
  /** What the arguments after the first complete to, when they differ (attach <ref> <file>). */
  next?: Values;
}

export interface CliSpec {
  name: string;
  /** Options of the program itself, valid before and after a command. */
  globals: OptionSpec[];
  commands: CommandSpec[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(spec: CliSpec, shell: Shell): string {
  return shell === 'fish' ? fishScript(spec) : shScript(spec, shell);
}

/** A word safe inside a shell script: the spec holds option names and command names, checked here anyway. */
function word(s: string): string {
  if (!/^[A-Za-z0-9_.:,@%+=\/-]+$/.test(s)) throw new Error(`not a plain word for a completion script: ${JSON.stringify(s)}`);
  return s;
}

const fnName = (spec: CliSpec) => `_${word(spec.name).replace(/[^A-Za-z0-9_]/g, '_')}`;

/** bash and zsh share the logic; they differ in how words are offered and how the command line is read. */
function shScript(spec: CliSpec, shell: 'bash' | 'zsh'): string {
  const fn = fnName(spec);
  const bash = shell === 'bash';
  const valueOptions = (opts: OptionSpec[]) => opts.filter((o) => o.value);
  const flagWords = (opts: OptionSpec[]) => opts.flatMap((o) => o.flags.map(word)).join(' ');
  const offer = (v: Values): string => {
    switch (v.kind) {
      case 'none':
        return 'return 0';
      case 'words':
        return `${fn}_words ${quoteWords(v.words.map(word))}`;
      case 'list':
        return `${fn}_list ${quoteWords(v.words.map(word))}`;
      case 'commands':
        return `${fn}_words ${quoteWords(spec.commands.flatMap((c) => c.names.map(word)))}`;
      case 'ids':
        return `${fn}_ids`;
      case 'years':
        return `${fn}_words "$(${fn}_run __complete years)"`;
      // One name a line (a name may hold spaces); -o filenames: folders get their "/", spaces are escaped.
      case 'dirs':
        return bash ? 'mapfile -t COMPREPLY < <(compgen -d -- "$cur"); compopt -o filenames 2>/dev/null' : '_files -/';
      case 'files':
        return bash ? 'mapfile -t COMPREPLY < <(compgen -f -- "$cur"); compopt -o filenames 2>/dev/null' : '_files';
    }
  };
  // After an option that takes a value: its values, or nothing to offer (free text) in one case.
  const prevCases = (opts: OptionSpec[], indent: string) => {
    const free = valueOptions(opts).filter((o) => o.value!.kind === 'none').flatMap((o) => o.flags.map(word));
    const lines = valueOptions(opts)
      .filter((o) => o.value!.kind !== 'none')
      .map((o) => `${indent}${o.flags.map(word).join('|')}) ${offer(o.value!)}; return 0 ;;`);
    if (free.length > 0) lines.push(`${indent}${free.join('|')}) return 0 ;;`);
    return lines.join('\n');
  };
  const globalValueFlags = valueOptions(spec.globals).flatMap((o) => o.flags.map(word));
  const archiveFlags = spec.globals.find((o) => o.flags.includes('--archive'))?.flags.map(word) ?? [];
  const words = bash ? 'COMP_WORDS' : 'words';
  const cword = bash ? 'COMP_CWORD' : 'CURRENT';
  const first = bash ? 1 : 2;
  const commandCases = spec.commands
    .map((c) => {
      const opts = [...c.options, ...spec.globals];
      const prev = prevCases(opts, '        ');
      const first = c.argument ? offer(c.argument) : 'return 0';
      // After the first argument (the word before is not the command itself), the later arguments' values.
      const arg = c.next ? `if [[ "$prev" == "$cmd" ]]; then ${first}; else ${offer(c.next)}; fi` : first;
      return [
        `    ${c.names.map(word).join('|')})`,
        ...(prev ? ['      case "$prev" in', prev, '      esac'] : []),
        `      if [[ "$cur" == -* ]]; then ${fn}_words ${quoteWords(flagWords(opts).split(' '))}; else ${arg}; fi`,
        '      return 0 ;;',
      ].join('\n');
    })
    .join('\n');
  const lines = [
    `# ${shell} completion for ${spec.name}, written by \`${spec.name} completion ${shell}\` from its own commands and options.`,
    bash
      ? `# Load it in ~/.bashrc with: source <(${spec.name} completion bash)`
      : `# Load it in ~/.zshrc (after compinit) with: source <(${spec.name} completion zsh)`,
    '',
    `${fn}_words() {`,
    bash ? '  COMPREPLY=( $(compgen -W "$1" -- "$cur") )' : '  compadd -- ${=1}',
    '}',
    '',
    '# A comma-separated list: the word after the last comma completes, the ones before stay.',
    `${fn}_list() {`,
    ...(bash
      ? ['  local pre=""', '  [[ "$cur" == *,* ]] && pre="${cur%,*},"', '  COMPREPLY=( $(compgen -P "$pre" -W "$1" -- "${cur##*,}") )', '  compopt -o nospace 2>/dev/null', '  return 0']
      : ["  compset -P '*,'", "  compadd -q -S ',' -- ${=1}"]),
    '}',
    '',
    '# Run the program as it was typed, on the archive the command line names, for ids and years.',
    `${fn}_run() {`,
    `  "\${${words}[${bash ? 0 : 1}]}" "\${archive[@]}" "$@" 2>/dev/null`,
    '}',
    '',
    '# Ids match in any case: 2019-s completes to 2019-S11.',
    `${fn}_ids() {`,
    bash
      ? `  COMPREPLY=( $(${fn}_run __complete ids "$cur") )`
      : `  compadd -M 'm:{a-zA-Z}={A-Za-z}' -- \${(f)"$(${fn}_run __complete ids "$cur")"}`,
    '}',
    '',
    `${fn}() {`,
    `  local cur="\${${words}[${cword}]}" prev="" cmd="" w i`,
    `  local -a archive=()`,
    `  (( ${cword} > ${first} )) && prev="\${${words}[${cword}-1]}"`,
    `  for (( i = ${first}; i < ${cword}; i++ )); do`,
    `    w="\${${words}[i]}"`,
    '    case "$w" in',
    ...(archiveFlags.length ? [`      ${archiveFlags.join('|')}) archive=(--archive "\${${words}[i+1]}"); (( i++ )) ;;`, `      --archive=*) archive=("$w") ;;`] : []),
    ...(globalValueFlags.filter((f) => !archiveFlags.includes(f)).length
      ? [`      ${globalValueFlags.filter((f) => !archiveFlags.includes(f)).join('|')}) (( i++ )) ;;`]
      : []),
    '      -*) ;;',
    '      *) [[ -z "$cmd" ]] && cmd="$w" ;;',
    '    esac',
    '  done',
    '  if [[ -z "$cmd" ]]; then',
    '    case "$prev" in',
    prevCases(spec.globals, '      ') || '      --) ;;',
    '    esac',
    `    if [[ "$cur" == -* ]]; then ${fn}_words ${quoteWords(flagWords(spec.globals).split(' '))}; else ${offer({ kind: 'commands' })}; fi`,
    '    return 0',
    '  fi',
    '  case "$cmd" in',
    commandCases,
    '  esac',
    '}',
    '',
    bash ? `complete -F ${fn} ${word(spec.name)}` : `compdef ${fn} ${word(spec.name)}`,
    '',
  ];
  return lines.join('\n');
}

const quoteWords = (ws: string[]) => `"${ws.filter(Boolean).join(' ')}"`;

/** A string in single quotes for fish (which treats \\ and \' inside them). */
const fishQuote = (s: string) => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function fishScript(spec: CliSpec): string {
  const name = word(spec.name);
  const fn = `__${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = [
    `# fish completion for ${name}, written by \`${name} completion fish\` from its own commands and options.`,
    `# Install with: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    '',
    '# Run the program as it was typed, on the archive the command line names, for ids and years.',
    `function ${fn}_run`,
    '    set -l words (commandline -opc)',
    '    set -l args',
    '    for i in (seq 2 (count $words))',
    '        switch $words[$i]',
    '            case -a --archive',
    '                set -l j (math $i + 1)',
    '                test $j -le (count $words); and set args --archive $words[$j]',
    "            case '--archive=*'",
    '                set args $words[$i]',
    '        end',
    '    end',
    '    $words[1] $args $argv 2>/dev/null',
    'end',
    '',
    `complete -c ${name} -f`,
  ];
  const values = (v: Values | undefined): string => {
    if (!v) return '';
    switch (v.kind) {
      case 'none':
        return ' -x';
      case 'words':
      case 'list':
        return ` -x -a ${fishQuote(v.words.map(word).join(' '))}`;
      case 'commands':
        return ` -x -a ${fishQuote(spec.commands.flatMap((c) => c.names.map(word)).join(' '))}`;
      case 'ids':
        return ` -x -a ${fishQuote(`(${fn}_run __complete ids)`)}`;
      case 'years':
        return ` -x -a ${fishQuote(`(${fn}_run __complete years)`)}`;
      case 'dirs':
        return ` -x -a ${fishQuote('(__fish_complete_directories)')}`;
      case 'files':
        return ' -r -F';
    }
  };
  const option = (o: OptionSpec, condition?: string) => {
    const parts = [`complete -c ${name}`];
    if (condition) parts.push(`-n ${fishQuote(condition)}`);
    for (const f of o.flags) parts.push(f.startsWith('--') ? `-l ${word(f.slice(2))}` : `-s ${word(f.slice(1))}`);
    return parts.join(' ') + values(o.value) + ` -d ${fishQuote(o.description)}`;
  };
  for (const o of spec.globals) lines.push(option(o));
  for (const c of spec.commands) {
    lines.push(`complete -c ${name} -n __fish_use_subcommand -a ${word(c.names[0]!)} -d ${fishQuote(c.description)}`);
    const seen = `__fish_seen_subcommand_from ${c.names.map(word).join(' ')}`;
    for (const o of c.options) lines.push(option(o, seen));
    if (c.argument) lines.push(`complete -c ${name} -n ${fishQuote(c.next ? `${seen}; and test (count (commandline -opc)) -le 2` : seen)}${values(c.argument)}`);
    if (c.next) lines.push(`complete -c ${name} -n ${fishQuote(`${seen}; and test (count (commandline -opc)) -gt 2`)}${values(c.next)}`);
  }
  return lines.join('\n') + '\n';
}
