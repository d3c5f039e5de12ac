import { describe, expect, it } from 'vitest';
import { createHostSlots } from './host-slots';

const never = new AbortController().signal;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createHostSlots', () => {
  it('opens at most N connections per host, and other hosts are not held up', async () => {
    const slots = createHostSlots(2);
    const a1 = await slots.acquire('a.example', never);
    await slots.acquire('a.example', never);
    let third: (() => void) | null = null;
    void slots.acquire('a.example', never).then((release) => (third = release));
    await slots.acquire('b.example', never);
    await settle();
    expect(third).toBeNull();
    a1();
    await settle();
    expect(third).not.toBeNull();
  });

  it('serves waiters first come, first served', async () => {
    const slots = createHostSlots(1);
    const first = await slots.acquire('h', never);
    const order: string[] = [];
    void slots.acquire('h', never).then((release) => {
      order.push('second');
      release();
    });
    void slots.acquire('h', never).then(() => order.push('third'));
    first();
    await settle();
    expect(order).toEqual(['second', 'third']);
  });

  it('drops an aborted waiter without taking a slot, and a double release frees one slot only', async () => {
    const slots = createHostSlots(1);
    const first = await slots.acquire('h', never);
    const controller = new AbortController();
    const aborted = slots.acquire('h', controller.signal);
    const reason = new Error('suspended');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    let next: (() => void) | null = null;
    void slots.acquire('h', never).then((release) => (next = release));
    first();
    first();
    await settle();
    expect(next).not.toBeNull();
    let another = false;
    void slots.acquire('h', never).then(() => (another = true));
    await settle();
    expect(another).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(createHostSlots().acquire('h', controller.signal)).rejects.toThrow('gone');
  });
});
