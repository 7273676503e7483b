import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../sim/kernel/kernel.js';
import { JobTable, type JobRowView, type LockResult } from '../../../sim/models/dbqueue/jobTable.js';

const costs = { queryCostUs: 1_000, lockCostUs: 200, rowsMax: 10 };

function tableWithRows(count: number): { kernel: Kernel; table: JobTable } {
  const kernel = new Kernel(1);
  const table = new JobTable(kernel, costs);
  for (let i = 0; i < count; i++) table.insert('client', 1, 0, () => {});
  kernel.run({ durationUs: 10_000 });
  return { kernel, table };
}

describe('job table', () => {
  it('serves statements one at a time in arrival order, each replying when it finishes', () => {
    const kernel = new Kernel(1);
    const table = new JobTable(kernel, costs);
    const seen: string[] = [];
    table.insert('client', 1, 0, (row) => seen.push(`insert j${row.jobId} @${kernel.nowUs}`));
    table.selectGrabbable('w1', 50, (rows) => seen.push(`w1 sees ${rows.length} @${kernel.nowUs}`));
    table.selectGrabbable('w2', 50, (rows) => seen.push(`w2 sees ${rows.length} @${kernel.nowUs}`));
    kernel.run({ durationUs: 10_000 });
    expect(seen).toEqual(['insert j1 @200', 'w1 sees 1 @1200', 'w2 sees 1 @2200']);
    expect(table.counters).toEqual({ statements: 3, inserts: 1, lockConflicts: 0 });
  });

  it('gives a row lock to the first connection and a conflict to the next, until the row is deleted', () => {
    const { kernel, table } = tableWithRows(1);
    const results: LockResult[] = [];
    table.lockNowait('w1', 1, (result) => results.push(result));
    table.lockNowait('w2', 1, (result) => results.push(result));
    table.deleteRow('w1', 1, () => {});
    table.lockNowait('w2', 1, (result) => results.push(result));
    kernel.run({ durationUs: 20_000 });
    expect(results).toEqual(['locked', 'held', 'gone']);
    expect(table.counters.lockConflicts).toBe(2);
  });

  it('changes grabbed_until only for the grab that saw the current value (TheSchwartz compare)', () => {
    const { kernel, table } = tableWithRows(1);
    const changed: boolean[] = [];
    table.updateGrabbedIfUnchanged('w1', 1, 0, 50_000, (result) => changed.push(result));
    table.updateGrabbedIfUnchanged('w2', 1, 0, 60_000, (result) => changed.push(result));
    table.updateGrabbed('w3', 1, 70_000, (result) => changed.push(result));
    let row: JobRowView | undefined;
    table.selectRow('w1', 1, (current) => (row = current));
    kernel.run({ durationUs: 20_000 });
    expect(changed).toEqual([true, false, true]);
    expect(row?.grabbedUntilUs).toBe(70_000);
    expect(table.counters.lockConflicts).toBe(1);
  });

  it('lists only rows whose lease ran out for TheSchwartz, and every runnable row for the old model', () => {
    const { kernel, table } = tableWithRows(3);
    table.updateGrabbedIfUnchanged('w1', 2, 0, 1e9, () => {});
    const listed: number[][] = [];
    table.selectGrabbable('w2', 50, (rows) => listed.push(rows.map((row) => row.jobId)));
    table.selectRunnable('w2', 2, (rows) => listed.push(rows.map((row) => row.jobId)));
    kernel.run({ durationUs: 20_000 });
    expect(listed).toEqual([[1, 3], [1, 2]]);
  });

  it('drops a closed connection\'s locks at once and its queued statements when their turn comes', () => {
    const { kernel, table } = tableWithRows(1);
    const replies: string[] = [];
    table.lockNowait('w1', 1, (result) => replies.push(`w1 ${result}`));
    table.deleteRow('w1', 1, () => replies.push('w1 deleted'));
    table.lockNowait('w2', 1, (result) => replies.push(`w2 ${result}`));
    kernel.at(kernel.nowUs + 300, kernel.name('test'), kernel.name('crash'), 0, () => table.disconnect('w1'));
    kernel.run({ durationUs: 20_000 });
    expect(replies).toEqual(['w1 locked', 'w2 locked']);
    expect(table.rowCount).toBe(1);
  });

  it('refuses an insert beyond rowsMax with a message naming the limit', () => {
    const { kernel, table } = tableWithRows(10);
    table.insert('client', 1, 0, () => {});
    expect(() => kernel.run({ durationUs: 20_000 })).toThrow(/job table: full at 10 rows \(rowsMax\)/);
  });
});
