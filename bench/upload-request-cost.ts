/**
 * What one request costs, with no body: `count` BITS Ping packets sent one after another to the
 * upload server, from an extension page (Chromium's `fetch`) and from Node (`node:http`, one
 * keep-alive socket). The difference is Chromium's own cost per request, which every 1 MiB
 * Fragment of an upload pays on top of its bytes (the protocol allows one request at a time).
 */
import type { ExtensionSession } from '../test/e2e/harness';
import type { BitsUploadServer } from '../test/server/bits-upload';
import { PacketClient } from '../test/server/bits-upload/test-client';

export interface RequestCost {
  /** How many Pings each client sent. */
  pings: number;
  /** Milliseconds per Ping, Chromium's fetch in an extension page. */
  chromiumMs: number;
  /** Milliseconds per Ping, node:http. */
  nodeMs: number;
}

export async function measureRequestCost(
  ext: ExtensionSession,
  server: BitsUploadServer,
  count = 500,
): Promise<RequestCost> {
  const url = server.url('/bench/ping');
  const page = await ext.openExtensionPage('options');
  try {
    const chromiumMs = await page.evaluate(
      async ([target, n]) => {
        // Inline, not a named helper: the page gets this function's source as it is. The first
        // Ping (i = -1) opens the connection before the clock starts, as for Node below.
        let started = 0;
        for (let i = -1; i < n; i++) {
          if (i === 0) started = performance.now();
          const answer = await fetch(target, {
            method: 'BITS_POST',
            headers: { 'BITS-Packet-Type': 'Ping' },
            body: new Uint8Array(0),
          });
          await answer.arrayBuffer();
          if (answer.status !== 200) throw new Error(`Ping got ${answer.status}`);
        }
        return (performance.now() - started) / n;
      },
      [url, count] as const,
    );
    const client = new PacketClient(server.origin);
    try {
      const send = async () => {
        const answer = await client.send('/bench/ping', 'Ping');
        if (answer.status !== 200) throw new Error(`Ping got ${answer.status}`);
      };
      await send();
      const started = performance.now();
      for (let i = 0; i < count; i++) await send();
      return { pings: count, chromiumMs, nodeMs: (performance.now() - started) / count };
    } finally {
      client.close();
    }
  } finally {
    await page.close();
  }
}
