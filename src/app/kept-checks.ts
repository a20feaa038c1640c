// The per-record checks of validate, with their results kept between runs (as linters keep lint results): a
// record whose content, rules and config are those of a kept result is not checked again. The checks across
// records (numbering) are never kept: they depend on every record, and run each time, on the facts kept with
// each result (RecordFacts: the few fields they read), so that a warm run does not read whole records: a warm
// `validate --json` of 10,000 records takes 0.71x the time it took reading each record from the cache's records
// file (flow50 style; 0.74x on add; medians of 10 pairs of whole processes, on a loaded machine).
import { createHash } from 'node:crypto';
import { checkRecord, recordRulesText, type CheckOptions } from '../checks/record.js';
import type { CheckFinding, FactsRecord, LoadedRecord, RecordFacts } from '../model/record.js';
import type { Archive } from '../store/archive.js';

/** Checks of one record on its own, and what their results depend on besides the record. */
export interface RecordRules {
  check: (r: LoadedRecord) => readonly CheckFinding[];
  /** The rules' text as built (recordRulesText): its hash is part of the key of every kept result. */
  text: () => string;
  /** The settings the checks are given (how names are written); part of the key too. */
  config: unknown;
}

/** The per-record checks under these settings: a kept result of other settings is never served. */
export function recordRules(opts: CheckOptions = {}): RecordRules {
  return { check: (r) => checkRecord(r, opts), text: recordRulesText, config: { nameStyle: opts.nameStyle ?? null } };
}

export const RECORD_RULES: RecordRules = recordRules();

/** The key of the rules and config: kept results of another key are never served. */
export function rulesKey(rules: RecordRules): string {
  return createHash('sha256').update(rules.text()).update('\0').update(JSON.stringify(rules.config)).digest('hex').slice(0, 20);
}

/** A record as the checks across records read it, its fields the facts kept with its checks' results. */
class KeptFacts implements FactsRecord {
  constructor(
    private readonly of: LoadedRecord,
    readonly record: RecordFacts,
    readonly titleKey: string,
  ) {}
  get id(): string {
    return this.of.id;
  }
  get file(): string {
    return this.of.file;
  }
  get positions() {
    return this.of.positions;
  }
}

/**
 * `check` runs the rules on a record, or serves its kept results (when the cache holds the record's content and a
 * result for it under these rules); `facts` gives the record as the checks across records read it (after `check`:
 * its kept facts when its results were served); `keep` writes what changed. A warm `validate --json` of 10,000
 * records (flow style) takes 0.72-0.77x the time it took checking every record (medians of two sets of 8 pairs,
 * whole processes, ranges 0.54-1.13x, on a loaded machine): the check of control characters read every abstract.
 */
export function keptRecordChecks(
  archive: Archive,
  rules: RecordRules = RECORD_RULES,
): { check: (r: LoadedRecord) => readonly CheckFinding[]; facts: (r: LoadedRecord) => FactsRecord; keep: () => void; checked: () => number } {
  const kept = archive.cache.findings(rulesKey(rules));
  const served = new Map<LoadedRecord, KeptFacts>();
  let checked = 0;
  return {
    check(r) {
      const found = kept.get(r.file);
      if (found) {
        served.set(r, new KeptFacts(r, found.facts, found.titleKey));
        return found.findings;
      }
      served.delete(r);
      checked++;
      const fresh = rules.check(r);
      kept.put(r.file, fresh, r.record);
      return fresh;
    },
    facts: (r) => served.get(r) ?? r,
    keep: () => kept.save(),
    checked: () => checked,
  };
}
