/**
 * bench/storage-probe: where the time of an extension download goes, measured piece by piece in an
 * extension page (the same kind of renderer as the service worker): reading a response body alone
 * (1 and 4 parallel ranges), writing chunks (1 MiB, as the engine does, or `--chunk-kib`) to IndexedDB alone (as Blob and as bytes, one
 * transaction each, sequential and 4 at once), and assembling the stored Blobs into one Blob; and
 * the two ways a connection can store a chunk: one request per chunk taken whole as a Blob
 * (`response.blob()`, 1, 4 and 8 at once), and a stream read into 1 MiB Blobs (1 and 4 ranges,
 * each write awaited, or overlapped with the next read). The extension's own figures are read
 * against these ceilings in docs/performance.md.
 */
import { startTestServer } from '../test/server';
import { launchBenchExtension, MiB } from './extension-session';
import { describeMachine } from './machine';

export interface StorageProbeOptions {
  sizeMiB: number;
  chunkKiB: number;
}

/** Runs in the extension page: every figure in MB/s. Plain source, so no bundler helpers leak in. */
const PROBE_SOURCE = `async function (input) {
  const { url, size, chunk } = input;
  const now = () => performance.now();
  const rate = (bytes, ms) => +(bytes / 1e6 / (ms / 1000)).toFixed(1);
  async function readRange(start, end) {
    const response = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) } });
    const reader = response.body.getReader();
    let n = 0;
    for (;;) { const { done, value } = await reader.read(); if (done) break; n += value.byteLength; }
    return n;
  }
  async function fetchOnly(connections) {
    const t = now();
    const part = Math.ceil(size / connections);
    const parts = [];
    for (let i = 0; i < connections; i++) parts.push(readRange(i * part, Math.min(size, (i + 1) * part)));
    await Promise.all(parts);
    return rate(size, now() - t);
  }
  function openDb(name) {
    return new Promise((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => r.result.createObjectStore('chunks');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  function put(db, key, value) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction('chunks', 'readwrite');
      tx.objectStore('chunks').put(value, key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
  }
  const bytes = new Uint8Array(chunk).map((_, i) => i & 255);
  const count = Math.ceil(size / chunk);
  /** Runs task(key) for every chunk key, \`parallel\` at a time; resolves with the ms it took. */
  async function forEachChunk(parallel, task) {
    const t = now();
    let next = 0;
    async function worker() {
      while (next < count) await task(next++);
    }
    await Promise.all(Array.from({ length: parallel }, worker));
    return now() - t;
  }
  async function writes(asBlob, parallel) {
    const name = 'probe-' + Math.random();
    const db = await openDb(name);
    const ms = await forEachChunk(parallel, (key) =>
      put(db, key, asBlob ? new Blob([bytes.slice()]) : bytes.slice()),
    );
    const t2 = now();
    const all = await new Promise((resolve) => {
      const r = db.transaction('chunks').objectStore('chunks').getAll();
      r.onsuccess = () => resolve(r.result);
    });
    const blob = new Blob(all);
    const assembleMs = now() - t2;
    db.close();
    indexedDB.deleteDatabase(name);
    return { write: rate(size, ms), readBackAndAssembleMs: Math.round(assembleMs), blobSize: blob.size };
  }
  async function fetchBlobWrite(parallel) {
    const name = 'probe-' + Math.random();
    const db = await openDb(name);
    const ms = await forEachChunk(parallel, async (key) => {
      const start = key * chunk;
      const end = Math.min(size, start + chunk);
      const response = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) } });
      await put(db, key, await response.blob());
    });
    db.close();
    indexedDB.deleteDatabase(name);
    return rate(size, ms);
  }
  async function streamWrite(parallel, overlap) {
    const name = 'probe-' + Math.random();
    const db = await openDb(name);
    const t = now();
    const part = Math.ceil(size / parallel);
    async function conn(i) {
      const start = i * part, end = Math.min(size, (i + 1) * part);
      const response = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) } });
      const reader = response.body.getReader();
      let buf = new Uint8Array(chunk); let fill = 0; let key = i * 100000; let pending = null;
      const flush = async () => {
        const blob = new Blob([buf.subarray(0, fill)]); buf = new Uint8Array(chunk); fill = 0;
        if (overlap) { if (pending) await pending; pending = put(db, key++, blob); } else await put(db, key++, blob);
      };
      for (;;) {
        const { done, value } = await reader.read(); if (done) break;
        let off = 0;
        while (off < value.byteLength) {
          const n = Math.min(chunk - fill, value.byteLength - off);
          buf.set(value.subarray(off, off + n), fill); fill += n; off += n;
          if (fill === chunk) await flush();
        }
      }
      if (fill > 0) await flush();
      if (pending) await pending;
    }
    await Promise.all(Array.from({ length: parallel }, (_, i) => conn(i)));
    const ms = now() - t;
    db.close();
    indexedDB.deleteDatabase(name);
    return rate(size, ms);
  }
  return {
    fetchBlobWrite1: await fetchBlobWrite(1),
    fetchBlobWrite4: await fetchBlobWrite(4),
    fetchBlobWrite8: await fetchBlobWrite(8),
    stream1: await streamWrite(1, false),
    stream4: await streamWrite(4, false),
    streamOverlap1: await streamWrite(1, true),
    streamOverlap4: await streamWrite(4, true),
    fetch1: await fetchOnly(1),
    fetch4: await fetchOnly(4),
    blobSequential: await writes(true, 1),
    blob4: await writes(true, 4),
    bytesSequential: await writes(false, 1),
    bytes4: await writes(false, 4),
  };
}`;

export async function runStorageProbe(opts: StorageProbeOptions): Promise<void> {
  const server = await startTestServer();
  const ext = await launchBenchExtension();
  try {
    const size = opts.sizeMiB * MiB;
    const file = server.addFile('/probe/file.bin', { size });
    const page = await ext.openExtensionPage('popup');
    const figures = await page.evaluate(
      `(${PROBE_SOURCE})(${JSON.stringify({ url: file.url, size, chunk: opts.chunkKiB * 1024 })})`,
    );
    console.log(
      `\nStorage probe in an extension page, ${opts.sizeMiB} MiB, ${opts.chunkKiB} KiB chunks (MB/s)`,
    );
    console.log(`machine: ${describeMachine()}`);
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await ext.close();
    await server.close();
  }
}
