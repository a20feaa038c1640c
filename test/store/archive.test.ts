// The size cap of a record file: the largest allowed record is read; one byte more is one located message, and
// the other records are still served.
import { describe, expect, it } from 'vitest';
import { loadArchive, MAX_FILE_BYTES } from '../../src/store/archive.js';
import { makeArchive, recordYaml } from '../helpers.js';

/** A valid record of exactly `bytes` bytes: its abstract fills it. */
function recordOfSize(bytes: number, number: number): string {
  const head = recordYaml({ number, total: 5500 + number }) + 'abstract: >-\n';
  const line = '  ' + 'word '.repeat(15) + 'word\n';
  let text = head + line.repeat(Math.floor((bytes - head.length) / line.length));
  text += '  ' + 'w'.repeat(bytes - text.length - 3) + '\n';
  return text;
}

describe('the record size cap', () => {
  it('is 1 MiB: a record of that size is read, one byte more is refused with a located message', async () => {
    expect(MAX_FILE_BYTES).toBe(1024 * 1024);
    const largest = recordOfSize(MAX_FILE_BYTES, 1);
    const over = recordOfSize(MAX_FILE_BYTES + 1, 2);
    expect([largest.length, over.length]).toEqual([MAX_FILE_BYTES, MAX_FILE_BYTES + 1]);
    const dir = makeArchive({ '2019/regular-001.yaml': largest, '2019/regular-002.yaml': over, '2019/regular-003.yaml': recordYaml({ number: 3, total: 5503 }) });
    const a = await loadArchive(dir, { cache: false });
    expect(a.records.map((r) => r.id)).toEqual(['2019-R1', '2019-R3']);
    expect(a.records[0]!.record.abstract!.length).toBeGreaterThan(MAX_FILE_BYTES * 0.9);
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]).toMatchObject({ severity: 'error', file: '2019/regular-002.yaml', line: 1, column: 1 });
    expect(a.problems[0]!.message).toContain(`${MAX_FILE_BYTES + 1} bytes`);
    expect(a.problems[0]!.message).toContain(`${MAX_FILE_BYTES} bytes`);
  });
});
