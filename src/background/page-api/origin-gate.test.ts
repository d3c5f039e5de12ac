import { describe, expect, it } from 'vitest';
import { createOriginGate } from './origin-gate';

describe('origin gate', () => {
  it('runs a flood from one origin a few at a time, refuses the overflow at once, and never delays another origin', async () => {
    const gate = createOriginGate({ concurrency: 4, maxQueued: 100 });
    const release: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const slow = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        release.push(() => {
          running--;
          resolve();
        });
      });
    const flood = Array.from({ length: 5000 }, () => gate.run('https://flood.example', slow));
    const settled = flood.map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.name,
      ),
    );
    // The overflow is refused before anything of the flood finished.
    const refused = await Promise.all(settled.slice(104));
    expect(new Set(refused)).toEqual(new Set(['QuotaExceededError']));
    // Another origin runs at once although the flood's slots are all taken.
    expect(await gate.run('https://calm.example', async () => 'done')).toBe('done');
    while (release.length) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(settled.slice(0, 104))).toEqual(Array(104).fill('ok'));
    expect(most).toBe(4);
  });

  it('frees the slot when the work throws', async () => {
    const gate = createOriginGate({ concurrency: 1, maxQueued: 1 });
    await expect(gate.run('o', async () => Promise.reject(new TypeError('bad')))).rejects.toThrow('bad');
    expect(await gate.run('o', async () => 1)).toBe(1);
  });
});
