import { describe, expect, it } from 'vitest';
import { switchableListeners } from './switchable-listeners';

describe('switchableListeners', () => {
  it('adds each listener once when switched on and removes it once when switched off', () => {
    const calls: string[] = [];
    const switched = switchableListeners([
      { add: () => calls.push('add a'), remove: () => calls.push('remove a') },
      { add: () => calls.push('add b'), remove: () => calls.push('remove b') },
    ]);
    switched.set(false);
    switched.set(true);
    switched.set(true);
    switched.set(false);
    expect(calls).toEqual(['add a', 'add b', 'remove a', 'remove b']);
  });
});
