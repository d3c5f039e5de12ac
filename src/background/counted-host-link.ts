import type { HostLink } from './engine-host-link';

/**
 * `link` with its calls in flight counted, so that an idle host is not closed under one (a page's
 * Blob being staged while no job exists yet); `onIdle` runs when the last one ends.
 */
export function countCalls(link: HostLink, onIdle: () => void): HostLink & { inFlight(): number } {
  let inFlight = 0;
  const call = async function counted(method, input) {
    inFlight += 1;
    try {
      return await link.call(method, input);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) onIdle();
    }
  } as HostLink['call'];
  return { call, isOpen: () => link.isOpen(), close: () => link.close(), inFlight: () => inFlight };
}
