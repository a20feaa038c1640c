// A second thread for parsing many changed files at once (see parseInParallel in archive.ts): it takes chunks
// of files from the counter it shares with the main thread, and sends back what it parsed, by chunk start.
import { parentPort, workerData } from 'node:worker_threads';
import { readRecordFileWith } from './archive.js';
import { parseRecord, type ParsedFile } from './parse.js';

// This thread's environment is a copy of the main thread's already: a plain object serves the yaml parser's
// look-up per token faster (see withPlainEnv in archive.ts).
process.env = { ...process.env };
const { dir, files, next, chunk } = workerData as { dir: string; files: string[]; next: Int32Array; chunk: number };
const done: [number, ParsedFile[]][] = [];
for (let i = Atomics.add(next, 0, chunk); i < files.length; i = Atomics.add(next, 0, chunk)) {
  const parsed: ParsedFile[] = [];
  for (let j = i; j < Math.min(i + chunk, files.length); j++) parsed.push(readRecordFileWith(parseRecord, dir, files[j]!));
  done.push([i, parsed]);
}
parentPort!.postMessage(done);
