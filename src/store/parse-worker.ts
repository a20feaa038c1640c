// A second thread for parsing many changed files at once (see parseInParallel in archive.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { readRecordFileWith } from './archive.js';
import { parseRecord } from './parse.js';

const { dir, files } = workerData as { dir: string; files: string[] };
parentPort!.postMessage(files.map((f) => readRecordFileWith(parseRecord, dir, f)));
