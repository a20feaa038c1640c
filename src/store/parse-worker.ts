// A second thread for parsing many changed files at once (see parseInParallel in archive.ts): it takes chunks
// of files from the counter it shares with the main thread, and sends back what it parsed, by chunk start.
import { parentPort, workerData } from 'node:worker_threads';
import { parseChunks } from './archive.js';
import { parseRecord, type ParsedFile } from './parse.js';

const { dir, files, next, chunk } = workerData as { dir: string; files: string[]; next: Int32Array; chunk: number };
const done: [number, ParsedFile[]][] = [];
parseChunks(parseRecord, dir, files, next, chunk, (start, parsed) => done.push([start, parsed]));
parentPort!.postMessage(done);
