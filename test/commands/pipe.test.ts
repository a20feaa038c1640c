// Large outputs on stdout are written in pieces, each after the last has been taken: a pipe whose reader is slow
// must not make the process hold the whole output in memory (`list --json` of 100,000 records to a slow reader
// peaked at 760 MiB against 473 MiB to a file).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bigArchive, BIN, runCli } from '../helpers.js';

describe('large outputs on stdout', () => {
  const archive = bigArchive(600);

  it.each([
    ['list --json', ['list', '--json']],
    ['export json', ['export', 'json']],
    ['export csv', ['export', 'csv']],
  ])('%s waits for stdout between its pieces', async (_, args) => {
    const seen: number[] = [];
    const r = await runCli(['--archive', archive, ...args], { drain: async (out) => void seen.push(out.length) });
    expect(r.code, r.stderr).toBe(0);
    // Several pieces, a wait after each: what was written grows between two waits.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    expect(seen.at(-1)).toBe(r.stdout.length);
  });

  it('a real pipe read slowly gets the whole output, and the process ends', async () => {
    const child = spawn(process.execPath, [BIN, '--archive', archive, 'list', '--json'], { env: { ...process.env, NO_COLOR: '1', REPORTS_NO_CACHE: '1' } });
    // Not read for a while: the pipe fills and the writer has to wait.
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    const list = JSON.parse(Buffer.concat(chunks).toString('utf8')).reports as { id: string }[];
    expect(list).toHaveLength(600);
    expect(new Set(list.map((x) => x.id)).size).toBe(600);
  });
});
