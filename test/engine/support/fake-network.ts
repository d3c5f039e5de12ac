/** A NetworkCostPort a test switches by hand: metered or not, telling the engine at once. */
import type { NetworkCostPort } from '../../../src/engine/ports';

export class FakeNetwork implements NetworkCostPort {
  private readonly listeners = new Set<() => void>();

  constructor(private metered = false) {}

  isMetered(): boolean {
    return this.metered;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(metered: boolean): void {
    this.metered = metered;
    for (const listener of this.listeners) listener();
  }
}
