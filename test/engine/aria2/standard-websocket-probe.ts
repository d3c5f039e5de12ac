/**
 * Run by aria2-standard-websocket.test.ts in a Node started with --experimental-websocket: the WS
 * transport with the standard WebSocket (undici's, the browsers' API) against a real aria2c.
 * argv: address secret fileUrl. Prints one JSON line: the version and the notifications heard.
 */
import { createAria2Client } from '../../../src/engine/aria2/aria2-client';
import type { Aria2Notification } from '../../../src/engine/aria2/aria2-schemas';
import { aria2Failure } from '../../../src/engine/aria2/fake-transport.test-support';

const [address = '', secret = '', fileUrl = ''] = process.argv.slice(2);
const ports = {
  WebSocket: globalThis.WebSocket,
  timers: {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  },
};
const aria2 = createAria2Client({ address, secret, timeoutMs: 10_000 }, ports);
const heard: Aria2Notification[] = [];
const complete = new Promise<void>((resolve) =>
  aria2.subscribe((notification) => {
    heard.push(notification);
    if (notification.method === 'aria2.onDownloadComplete') resolve();
  }),
);
const { version } = await aria2.getVersion();
const gid = await aria2.addUri([fileUrl], {});
await complete;
const status = await aria2.tellStatus(gid, ['completedLength']);
const wrong = await aria2Failure(createAria2Client({ address, secret: 'wrong' }, ports).getVersion());
aria2.close();
console.log(
  JSON.stringify({ version, gid, methods: heard.map((n) => n.method), status, wrongKind: wrong.kind }),
);
process.exit(0);
