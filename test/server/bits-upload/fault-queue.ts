import type { Fault, PacketType } from './types';

/** The packet type a fault waits for: a reset cuts a body, so by default it waits for a Fragment. */
function target(fault: Fault): PacketType | null {
  return fault.packet ?? (fault.kind === 'reset' ? 'Fragment' : null);
}

/**
 * Faults queued per path, consumed in order: the first one waiting is applied to the next BITS
 * request to that path whose packet type it targets (any type when it names none); the ones
 * behind it wait their turn.
 */
export class FaultQueue {
  private readonly queued = new Map<string, Fault[]>();

  queue(path: string, faults: Fault[]): void {
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...faults]);
  }

  clear(path?: string): void {
    if (path === undefined) this.queued.clear();
    else this.queued.delete(path);
  }

  take(path: string, packet: PacketType): Fault | null {
    const list = this.queued.get(path);
    const first = list?.[0];
    if (!list || !first) return null;
    const wanted = target(first);
    if (wanted !== null && wanted !== packet) return null;
    list.shift();
    return first;
  }
}
