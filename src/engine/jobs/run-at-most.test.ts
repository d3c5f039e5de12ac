import { describe, expect, it } from 'vitest';
import { settle } from '../../../test/engine/support/engine-harness';
import { runAtMost } from './run-at-most';

/** Work whose items the test finishes or fails by hand. */
function gated() {
  const started: number[] = [];
  const gates = new Map<number, { resolve(): void; reject(err: unknown): void }>();
  let running = 0;
  let most = 0;
  const work = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      gates.set(item, {
        resolve() {
          running--;
          resolve();
        },
        reject(err) {
          running--;
          reject(err);
        },
      });
    });
  return { started, gates, work, most: () => most };
}

describe('runAtMost', () => {
  it('starts items in list order, never more than the limit at once', async () => {
    const g = gated();
    let settled = false;
    const all = runAtMost([0, 1, 2, 3, 4, 5], 3, g.work).then(() => (settled = true));
    await settle();
    expect(g.started).toEqual([0, 1, 2]);
    g.gates.get(1)?.resolve();
    await settle();
    expect(g.started).toEqual([0, 1, 2, 3]);
    for (const item of [0, 2, 3, 4, 5]) {
      g.gates.get(item)?.resolve();
      await settle();
    }
    await all;
    expect(settled).toBe(true);
    expect(g.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.most()).toBe(3);
  });

  it('runs the rest after a failure and reports the failures in list order', async () => {
    const g = gated();
    const all = runAtMost([0, 1, 2, 3], 2, g.work);
    await settle();
    g.gates.get(1)?.reject(new Error('one'));
    await settle();
    g.gates.get(0)?.reject(new Error('zero'));
    await settle();
    g.gates.get(2)?.resolve();
    g.gates.get(3)?.resolve();
    const failures = await all;
    expect(failures.map((f) => [f.item, (f.error as Error).message])).toEqual([
      [0, 'zero'],
      [1, 'one'],
    ]);
    expect(g.started).toEqual([0, 1, 2, 3]);
  });

  it('starts nothing new once more() says no, and settles only when the started items have', async () => {
    const g = gated();
    let stop = false;
    let settled = false;
    const all = runAtMost([0, 1, 2, 3], 2, g.work, () => !stop).then(() => (settled = true));
    await settle();
    stop = true;
    g.gates.get(0)?.resolve();
    await settle();
    expect(g.started).toEqual([0, 1]);
    expect(settled).toBe(false);
    g.gates.get(1)?.resolve();
    await all;
    expect(g.started).toEqual([0, 1]);
  });

  it('treats a limit below one as one, and an empty list as done', async () => {
    expect(await runAtMost([], 4, () => Promise.reject(new Error('never')))).toEqual([]);
    const g = gated();
    const all = runAtMost([0, 1], 0, g.work);
    await settle();
    expect(g.started).toEqual([0]);
    g.gates.get(0)?.resolve();
    await settle();
    g.gates.get(1)?.resolve();
    await all;
    expect(g.most()).toBe(1);
  });
});
