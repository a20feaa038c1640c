// One temp folder for the whole run: TMPDIR points into it, so every folder a test, the CLI it runs or a child
// process makes in the temp folder lands there, and the run removes it at its end whatever happened (a test that
// failed before its own clean-up included). Tests still remove what they make (test/helpers.ts tempDir).
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reports-tests-'));
  // Like /tmp: the permission tests run the CLI as the user nobody, who must reach their folders.
  chmodSync(root, 0o1777);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    if (left.length > 0 && process.env.REPORTS_TEST_LEFTOVERS) console.warn(`tests left ${left.length} folder(s) in the temp folder: ${left.slice(0, 20).join(', ')}`);
    rmSync(root, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
