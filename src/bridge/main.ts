/** The bridge page's script (bridge.html, web_accessible_resources): see bridge.ts. */
import { pagePortName, type RuntimePortLike } from '../shared/page-protocol';
import { browserBlobUrls } from './blob-urls';
import { startBridge } from './bridge';
import { earlyConnection } from './early-connection';

interface RuntimeLike {
  connect(info: { name: string }): RuntimePortLike;
}
const scope = globalThis as unknown as {
  browser?: { runtime?: RuntimeLike };
  chrome?: { runtime?: RuntimeLike };
};
const runtime = scope.browser?.runtime ?? scope.chrome?.runtime;

if (runtime) {
  const connect = (name: string): RuntimePortLike => runtime.connect({ name });
  // Chrome names the embedding origin before any message arrives: the runtime port to the
  // background opens while the page's port is still on its way (early-connection.ts).
  const embedder = location.ancestorOrigins?.[0];
  startBridge(window, {
    connect: embedder ? earlyConnection(connect, pagePortName(embedder)) : connect,
    blobUrls: browserBlobUrls,
    newId: () => crypto.randomUUID(),
  });
}
