// Reading what a user hands to a command as "a file, or - for stdin" (add --from-text, --abstract-file).
//
// A named file must be a regular file: a FIFO or a device (/dev/zero, /dev/stdin) would block or never end, so it
// is refused before a byte is read. Standard input is read as a stream, asynchronously: on a terminal it is
// non-blocking (a synchronous read fails with EAGAIN at once), and this waits for the paste and Ctrl-D. Either
// way at most MAX_SOURCE_BYTES are read; beyond that the command is refused, nothing is written.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { ReportsError } from '../errors.js';

/** The most a page or an abstract may hold: 10 MB (a report page is a few kilobytes). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

export interface SourceOptions {
  /** What is read, for messages: "the page", "the abstract". */
  what: string;
  /** Relative paths are resolved against this folder. */
  cwd: string;
  /** Standard input, read when the file is "-". */
  stdin?: NodeJS.ReadableStream;
  /** The cap in bytes (default MAX_SOURCE_BYTES). */
  max?: number;
  /** Only a file is read (a config): "-" is a file's name, and standard input is never offered. */
  fileOnly?: boolean;
}

const mb = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`);

/** The text of `file` (a path, or "-" for standard input), as UTF-8. Throws ReportsError saying what went wrong. */
export async function readSource(file: string, opts: SourceOptions): Promise<string> {
  return (await readSourceBytes(file, opts)).toString('utf8');
}

/** The bytes of `file` (a path, or "-" for standard input): for pages, whose character set the page may declare. */
export async function readSourceBytes(file: string, opts: SourceOptions): Promise<Buffer> {
  const max = opts.max ?? MAX_SOURCE_BYTES;
  if (file === '-' && !opts.fileOnly) return readStream(opts.stdin ?? process.stdin, opts.what, max);
  const abs = path.resolve(opts.cwd, file);
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportsError(`cannot read ${opts.what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message)}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ReportsError(`cannot read ${opts.what} ${file}: it is a folder`);
    if (!st.isFile()) throw new ReportsError(`cannot read ${opts.what} ${file}: it is not a regular file (a pipe or a device)${opts.fileOnly ? '' : '; to read standard input, give - instead'}`);
    if (st.size > max) throw new ReportsError(`${opts.what} ${file} is ${st.size} bytes; at most ${max} bytes (${mb(max)}) are read; nothing was written`);
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    for (let n; got < st.size && (n = readSync(fd, buf, got, st.size - got, got)) > 0; ) got += n;
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Everything `stream` gives until its end, at most `max` bytes. */
function readStream(stream: NodeJS.ReadableStream, what: string, max: number): Promise<Buffer> {
  // Read to its end already (by an earlier reader): nothing more will come.
  if ((stream as NodeJS.ReadableStream & { readableEnded?: boolean }).readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += b.length;
      if (size > max) {
        done(new ReportsError(`${what} on standard input is larger than ${max} bytes (${mb(max)}); stopped reading; nothing was written`));
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => done();
    const onError = (e: NodeJS.ErrnoException) => done(new ReportsError(`cannot read ${what} from stdin: ${e.code ?? e.message}`));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}
