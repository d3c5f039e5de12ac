/** Content script (isolated world, document_start, every http(s) frame): the page API relay. */
import { BRIDGE_PAGE } from '../shared/page-protocol';
import { openBridgeFrame } from './bridge-frame';
import { startRelay } from './relay';

interface RuntimeLike {
  connect(info: { name: string }): import('../shared/page-protocol').RuntimePortLike;
  getURL(path: string): string;
}
const scope = globalThis as unknown as {
  browser?: { runtime?: RuntimeLike };
  chrome?: { runtime?: RuntimeLike };
};
const runtime = scope.browser?.runtime ?? scope.chrome?.runtime;

if (runtime) {
  startRelay({
    window,
    connect: (name) => runtime.connect({ name }),
    openBridge: () => openBridgeFrame(document, runtime.getURL(BRIDGE_PAGE)),
  });
}
