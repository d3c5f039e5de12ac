import { describe, expect, it } from 'vitest';
import { countCalls } from './counted-host-link';
import type { HostLink } from './engine-host-link';

describe('countCalls', () => {
  it('counts calls until each ends, failed ones too, and says when the last one ended', async () => {
    const answers: Array<{ resolve(): void; reject(error: Error): void }> = [];
    const raw = {
      call: () => new Promise((resolve, reject) => answers.push({ resolve: () => resolve(null), reject })),
      isOpen: async () => true,
      close: async () => undefined,
    } as unknown as HostLink;
    let idle = 0;
    const link = countCalls(raw, () => (idle += 1));
    const first = link.call('listBackingFiles', null as never);
    const second = link.call('listBackingFiles', null as never).catch((error: Error) => error.message);
    expect(link.inFlight()).toBe(2);
    answers[0]?.resolve();
    await first;
    expect([link.inFlight(), idle]).toEqual([1, 0]);
    answers[1]?.reject(new Error('gone'));
    expect(await second).toBe('gone');
    expect([link.inFlight(), idle]).toEqual([0, 1]);
  });
});
