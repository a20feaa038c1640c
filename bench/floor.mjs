// The floor the benchmark compares with: read every record file and parse it with the yaml package.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const dir = process.argv[2];
let n = 0;
for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (e.isFile() && e.name.endsWith('.yaml')) {
    parse(readFileSync(path.join(e.parentPath, e.name), 'utf8'));
    n++;
  }
}
process.stdout.write(`${n}\n`);
