// The abstract prompt: several lines, typed or pasted, read from the terminal byte by byte so that nothing of a
// paste is lost (a line-at-a-time prompt ends at the first line and drops the rest of the burst).
//
// The end rule:
// - inside a bracketed paste (ESC[200~ ... ESC[201~, which the terminal sends once we turn on mode 2004) every
//   line, blank ones included, is text;
// - Ctrl-D ends the abstract, always;
// - an empty line ends it when it was typed: one that came with more bytes right behind it in the same read is in
//   the middle of a paste from a terminal that does not bracket pastes, and is kept as a paragraph break.
// Whatever came after the end in the same read (type-ahead) is handed to the next prompt (see ./inquirer.ts).

export const PASTE_ON = '\x1b[?2004h';
export const PASTE_OFF = '\x1b[?2004l';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** What one read did. `echo` is what to show; `rest` the bytes after the end (for the next prompt). */
export interface FeedResult {
  echo: string;
  done: boolean;
  interrupted: boolean;
  rest: string;
}

/** The pure state of the abstract being entered: feed it what the terminal sends, read `lines` at the end. */
export class LinesReader {
  /** Finished lines; '' is a blank line (a paragraph break). */
  readonly lines: string[] = [];
  current = '';
  private inPaste = false;
  private sawBracket = false;
  /** The start of an escape sequence split across two reads. */
  private pending = '';
  private lastWasCr = false;

  constructor(private readonly continuation: string) {}

  feed(chunk: string): FeedResult {
    const s = this.pending + chunk;
    this.pending = '';
    let echo = '';
    const endLine = () => {
      this.lines.push(this.current.trim());
      this.current = '';
      echo += `\n${this.continuation}`;
    };
    for (let i = 0; i < s.length; ) {
      const ch = s[i]!;
      if (ch === '\x1b') {
        const rest = s.slice(i);
        if (rest.startsWith(PASTE_START)) {
          this.inPaste = true;
          this.sawBracket = true;
          i += PASTE_START.length;
          continue;
        }
        if (rest.startsWith(PASTE_END)) {
          this.inPaste = false;
          i += PASTE_END.length;
          continue;
        }
        // Another escape sequence (arrows, function keys): skipped. An unfinished one waits for the next read.
        const m = /^\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|[^[O])/.exec(rest);
        if (!m) {
          if (rest.length < 16) {
            this.pending = rest;
            break;
          }
          i += 1;
          continue;
        }
        i += m[0].length;
        continue;
      }
      i += 1;
      if (ch === '\n' && this.lastWasCr) {
        // CR LF is one line end.
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        if (this.inPaste || this.current.trim() !== '') {
          endLine();
          continue;
        }
        // An empty line outside a bracketed paste: typed (ends the abstract) or in a raw paste (a paragraph break).
        const more = s.slice(i).replace(/^\n/, '');
        if (!this.sawBracket && /[^\r\n]/.test(more)) {
          endLine();
          continue;
        }
        return { echo, done: true, interrupted: false, rest: ch === '\r' ? more : s.slice(i) };
      }
      if (ch === '\x04' && !this.inPaste) {
        if (this.current.trim() !== '') this.lines.push(this.current.trim());
        this.current = '';
        return { echo, done: true, interrupted: false, rest: s.slice(i) };
      }
      if (ch === '\x03') return { echo, done: false, interrupted: true, rest: '' };
      if (ch === '\x7f' || ch === '\b') {
        if (this.current.length > 0) {
          this.current = [...this.current].slice(0, -1).join('');
          echo += '\b \b';
        }
        continue;
      }
      if (ch === '\x15') {
        // Ctrl-U: clear the line being typed.
        echo += '\b \b'.repeat([...this.current].length);
        this.current = '';
        continue;
      }
      const c = ch === '\t' ? ' ' : ch;
      // Other control characters are not text.
      if (/[\x00-\x1f\x7f-\x9f]/.test(c)) continue;
      this.current += c;
      echo += c;
    }
    return { echo, done: false, interrupted: false, rest: '' };
  }

  /**
   * The text: when the entry has blank lines, they separate paragraphs and the lines of a paragraph (a pasted text
   * wrapped at its margin) are joined by spaces; without any, each line is a paragraph. Paragraphs are joined by a
   * blank line, as abstracts are stored. `asLines`: the lines as they came, blank ones kept (a pasted page).
   */
  text(asLines = false): string {
    const lines = [...this.lines];
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    while (lines.length && lines[0] === '') lines.shift();
    if (asLines) return lines.join('\n');
    if (!lines.includes('')) return lines.join('\n\n');
    return lines
      .join('\n')
      .split(/\n{2,}/)
      .map((p) => p.split('\n').join(' ').trim())
      .filter((p) => p)
      .join('\n\n');
  }
}

/** Ctrl-C at the abstract: the same error name as inquirer's, which the CLI maps to exit 130. */
export class LinesInterrupted extends Error {
  constructor() {
    super('User force closed the prompt with SIGINT');
    this.name = 'ExitPromptError';
  }
}

interface TerminalIn extends NodeJS.ReadableStream {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * Ask for several lines on a terminal. Bracketed paste is turned on while the question is asked and off again
 * after, whatever happens (answer, Ctrl-C, an error, the process exiting). Resolves with the text and `rest`: what
 * came after the end in the same read (type-ahead), for the next prompt.
 */
export function askLines(opts: { message: string; continuation: string; asLines?: boolean; input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Promise<{ text: string; rest: string }> {
  const input = opts.input as TerminalIn;
  const output = opts.output;
  const reader = new LinesReader(opts.continuation);
  const wasRaw = input.isRaw ?? false;
  const restore = () => output.write(PASTE_OFF);
  let rest = '';
  return new Promise<{ text: string; rest: string }>((resolve, reject) => {
    const finish = (err?: Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      process.removeListener('exit', restore);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write(PASTE_OFF);
      if (err) reject(err);
      else resolve({ text: reader.text(opts.asLines), rest });
    };
    const onData = (data: Buffer | string) => {
      const r = reader.feed(typeof data === 'string' ? data : data.toString('utf8'));
      if (r.echo) output.write(r.echo);
      if (r.interrupted) {
        output.write('\n');
        return finish(new LinesInterrupted());
      }
      if (r.done) {
        output.write('\n');
        rest = r.rest;
        finish();
      }
    };
    const onEnd = () => finish();
    process.once('exit', restore);
    // Raw before the prompt shows: what is typed once it is visible must reach us unchanged (Ctrl-D included).
    input.setRawMode?.(true);
    output.write(PASTE_ON + opts.message);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
