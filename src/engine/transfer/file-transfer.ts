/**
 * One file of a job, from the network into the store (job-model.md, "Transfer rules (HTTP)").
 * Probe or resume from stored segments, run up to `connectionsPerFile` connections that split
 * the remaining bytes between them, then check the stored chunks and the sha256.
 * docs/transfer.md tells the whole story.
 */
import { classifyFailure } from './classify-failure';
import { newConnectionBuffers, runConnection, type ConnectionContext } from './connection';
import { finishFile, labelOf } from './file-finish';
import { isSegmentDone, type LiveSegment, type OpenSegment, type OpenedBody } from './live-segment';
import type { FileRecord, SegmentRecord } from '../ports';
import { probeFile, type ProbeTarget } from './probe';
import { createSegmentPool } from './segment-pool';
import { rangedOpener } from './segment-request';
import { streamRestarter } from './stream-restart';
import { FileChangedSignal, linkedController } from './transfer-signals';
import {
  TransferFailure,
  type FileTransferRequest,
  type TransferEnv,
  type TransferFile,
} from './transfer-types';
import { newFileRecord } from '../jobs/engine-support';

/** How often one call starts a file over because the server's copy changed, before giving up. */
const MAX_RESTARTS = 3;

export const transferFile: TransferFile = async (env, original) => {
  let file = original.file;
  let transferring = false;
  // onTransferring is called once per call, also when the file starts over.
  const request: FileTransferRequest = {
    ...original,
    onTransferring() {
      if (transferring) return;
      transferring = true;
      original.onTransferring();
    },
  };
  for (let restarts = 0; ; restarts++) {
    try {
      return await transferAttempt(env, request, file);
    } catch (err) {
      if (!(err instanceof FileChangedSignal) || request.signal.aborted) throw err;
      if (restarts >= MAX_RESTARTS) {
        const detail = `the file kept changing: ${err.reason}`;
        const failure = classifyFailure({ kind: 'invalid-response', detail }, labelOf(file));
        throw new TransferFailure(failure.error, true);
      }
      await env.ports.store.deleteFileData(file.jobId, file.index);
      file = forgetProbe(file);
      await env.ports.store.putFile(file);
    }
  }
};

/** Where the transfer starts: stored segments to resume, or a probe whose body is the first stream. */
async function startingPoint(
  env: TransferEnv,
  target: ProbeTarget,
  stored: FileRecord,
): Promise<{ file: FileRecord; records: SegmentRecord[]; first?: OpenedBody }> {
  const { store } = env.ports;
  const records = await store.getSegments(stored.jobId, stored.index);
  if (records.length > 0 && stored.resumable === true && stored.bytesTotal !== null) {
    return { file: stored, records };
  }
  // Nothing stored, or nothing that can be continued: from 0.
  if (records.length > 0) await store.deleteFileData(stored.jobId, stored.index);
  const probe = await probeFile(env, target);
  const { facts } = probe;
  const file: FileRecord = {
    ...stored,
    finalUrl: probe.finalUrl,
    bytesTotal: facts.size,
    resumable: facts.resumable,
    etag: facts.etag,
    lastModified: facts.lastModified,
    contentType: facts.contentType,
    contentDisposition: facts.contentDisposition,
  };
  const fresh = [{ jobId: file.jobId, fileIndex: file.index, start: 0, end: facts.size, pos: 0 }];
  try {
    await store.putFile(file);
    await store.replaceSegments(file.jobId, file.index, fresh);
  } catch (err) {
    probe.opened.link?.unlink();
    probe.opened.release?.();
    void probe.opened.response.body?.cancel().catch(() => undefined);
    throw err;
  }
  return { file, records: fresh, first: probe.opened };
}

async function transferAttempt(
  env: TransferEnv,
  request: FileTransferRequest,
  stored: FileRecord,
): Promise<FileRecord> {
  const { store } = env.ports;
  const { job } = request;
  const target: ProbeTarget = {
    url: stored.url,
    host: new URL(stored.url).host,
    job,
    label: labelOf(stored),
    signal: request.signal,
  };
  const { file, records, first } = await startingPoint(env, target, stored);
  const size = file.bytesTotal;
  const ranged = file.resumable === true && size !== null;
  const pool = createSegmentPool(records, env.tuning.minSplitBytes, (start, at) =>
    store.splitSegment(job.id, file.index, start, at),
  );
  const open: OpenSegment = ranged
    ? rangedOpener({ env, url: file.url, job }, { size, etag: file.etag, lastModified: file.lastModified })
    : streamRestarter(env, file, job);

  // The first fatal failure stops every connection; their buffers are written before they end.
  const { controller, unlink } = linkedController(request.signal);
  let firstError: unknown = null;
  const fail = (err: unknown) => {
    if (firstError !== null) return;
    firstError = err;
    controller.abort(err);
  };
  const running = new Set<Promise<void>>();
  const wanted = () => (ranged ? env.connectionsPerFile() : 1);
  /** Work for a free connection; a stream has one segment, which only one connection reads. */
  const claim = (): LiveSegment | null => {
    if (firstError !== null || controller.signal.aborted) return null;
    if (ranged) return pool.claim();
    const head = pool.segments[0];
    return head && !head.leased && !isSegmentDone(head) ? pool.claimFirst() : null;
  };

  const ctx: ConnectionContext = {
    env,
    jobId: job.id,
    fileIndex: file.index,
    label: target.label,
    host: target.host,
    signal: controller.signal,
    onBytes() {
      request.onTransferring();
      request.onProgress(pool.received(), size);
      // A raised "connections per file" setting reaches a running file here.
      if (running.size < wanted()) spawn(claim());
    },
  };

  function spawn(segment: LiveSegment | null, opened?: OpenedBody): void {
    if (segment === null) return;
    const worker = runWorker(segment, opened).catch(fail);
    running.add(worker);
    void worker.finally(() => running.delete(worker));
  }

  async function runWorker(initial: LiveSegment, opened?: OpenedBody): Promise<void> {
    let segment: LiveSegment | null = initial;
    let body = opened;
    // One set of buffers for every segment this connection takes on, no larger than the file: a
    // job of many small files must not allocate a whole chunk for each of them.
    const buffers = newConnectionBuffers(Math.max(1, Math.min(env.tuning.chunkBytes, size ?? Infinity)));
    while (segment !== null) {
      await segment.ready;
      await runConnection(ctx, segment, open, body, buffers);
      body = undefined;
      segment.leased = false;
      // When the setting dropped, a finishing connection just stops.
      segment = running.size > wanted() ? null : claim();
    }
  }

  try {
    if (first) spawn(pool.claimFirst(), first);
    for (;;) {
      while (running.size < wanted()) {
        const segment = claim();
        if (segment === null) break;
        spawn(segment);
      }
      if (running.size === 0) break;
      // Also waits for connections still writing their last bytes after the segments filled up.
      await Promise.race(running);
    }
  } finally {
    unlink();
  }
  if (request.signal.aborted) throw request.signal.reason;
  if (firstError !== null) throw firstError;
  if (!pool.allDone()) throw new FileChangedSignal('segments were left unfinished');

  const completed = await finishFile(store, { ...file, bytesTotal: size ?? pool.received() });
  request.onProgress(completed.bytesTotal ?? 0, completed.bytesTotal);
  return completed;
}

/** The file as before its first probe: everything learned from the server is forgotten. */
function forgetProbe(file: FileRecord): FileRecord {
  return { ...newFileRecord(file.jobId, file.index, file), localPath: file.localPath };
}
