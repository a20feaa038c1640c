// Item 11 of the trust issue: a field named __proto__ is an unknown field like any other.
import { describe, expect, it } from 'vitest';
import { makeArchive, recordYaml } from '../helpers.js';
import { parseRecord } from '../../src/store/parse.js';
import { unpackPositions } from '../../src/store/positions.js';
import { reports } from './run.js';

const PROTO = recordYaml() + '__proto__: {polluted: yes}\n';

describe('a __proto__ key', () => {
  it.each([true, false])('is kept as an own field and never sets the prototype (quick parse %s)', (quick) => {
    const parsed = parseRecord(PROTO, '2019/regular-001.yaml', quick);
    const record = parsed.record!;
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')!.value).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(unpackPositions(parsed.positions as string).keys['__proto__']).toEqual([11, 1]);
  });

  it('validate reports it as an unknown field at its key', async () => {
    const r = await reports(['validate', '--archive', makeArchive({ '2019/regular-001.yaml': PROTO })]);
    expect(r.stdout).toMatch(/regular-001\.yaml:11:1 {2}warning {2}unknown-field {2}2019-R1: unknown field "__proto__"/);
  });

  it('show --json prints it as a field, from the files and from the cache', async () => {
    const dir = makeArchive({ '2019/regular-001.yaml': PROTO });
    for (let run = 0; run < 2; run++) {
      const r = await reports(['show', '2019-R1', '--json', '--archive', dir]);
      expect(Object.getOwnPropertyDescriptor(JSON.parse(r.stdout).report, '__proto__')?.value).toEqual({ polluted: 'yes' });
    }
  });
});
