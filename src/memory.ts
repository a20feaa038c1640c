// V8 lets garbage pile up while the heap is far below its limit (gigabytes on a large machine). Long loops that
// make and drop big things (a search index per shard, a page per report) call collectIfLarge between steps, so
// that the process stays within what it needs: past the threshold, a full collection; the threshold then rises
// to half again what was left alive, so a large live heap is not collected at every step.
import v8 from 'node:v8';
import vm from 'node:vm';

const FLOOR = 384 * 1024 * 1024;
let threshold = FLOOR;
let gc: (() => void) | undefined;

export function collectIfLarge(): void {
  if (v8.getHeapStatistics().used_heap_size < threshold) return;
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  threshold = Math.max(FLOOR, v8.getHeapStatistics().used_heap_size * 1.5);
}
