import { describe, expect, it } from 'vitest';
import { createNetworkCost } from './network-cost';

/** navigator.connection as Chromium has it: an EventTarget with saveData and type. */
class FakeConnection extends EventTarget {
  saveData = false;
  type = 'wifi';
}

describe('createNetworkCost', () => {
  it('counts Data Saver and cellular as metered, and tells when that changes', () => {
    const connection = new FakeConnection();
    const { port } = createNetworkCost({ connection });
    let changes = 0;
    port.onChange(() => changes++);
    expect(port.isMetered()).toBe(false);
    connection.type = 'cellular';
    connection.dispatchEvent(new Event('change'));
    expect(port.isMetered()).toBe(true);
    connection.type = 'ethernet';
    connection.saveData = true;
    expect(port.isMetered()).toBe(true);
    expect(changes).toBe(1);
  });

  it('is never metered where the browser has no navigator.connection (Firefox)', () => {
    expect(createNetworkCost({}).port.isMetered()).toBe(false);
  });

  it('lets tests decide, and go back to what the browser says', () => {
    const cost = createNetworkCost({ connection: new FakeConnection() });
    let changes = 0;
    const stop = cost.port.onChange(() => changes++);
    cost.setOverride(true);
    expect(cost.port.isMetered()).toBe(true);
    cost.setOverride(null);
    expect(cost.port.isMetered()).toBe(false);
    stop();
    cost.setOverride(false);
    expect(changes).toBe(2);
  });
});
