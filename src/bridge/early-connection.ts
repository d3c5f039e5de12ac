/**
 * A runtime port opened before anyone asks for it: the first `connect(name)` with the same name
 * gets it (if it is still open), every other call opens its own. The first call of a page waits
 * for the bridge frame to load; opening the background's port meanwhile takes that round trip
 * off the wait.
 */
import type { RuntimePortLike } from '../shared/page-protocol';

export function earlyConnection(
  connect: (name: string) => RuntimePortLike,
  name: string,
): (name: string) => RuntimePortLike {
  let early: RuntimePortLike | null = null;
  try {
    const port = connect(name);
    early = port;
    port.onDisconnect.addListener(() => {
      if (early === port) early = null;
    });
  } catch {
    // The extension was reloaded or removed: the first real call finds out again.
  }
  return (wanted) => {
    const port = wanted === name ? early : null;
    early = null;
    return port ?? connect(wanted);
  };
}
