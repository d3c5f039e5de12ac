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
import type { FileRecord } from '../ports';
import { createSegmentPool } from './segment-pool';
import { sourceUrls, startingPoint } from './starting-point';
import { streamRestarter } from './stream-restart';
import { FileChangedSignal, linkedController } from './transfer-signals';
import { addNotice, createSourceSet, type SourceSet } from './source-set';
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
      const latest = (await env.ports.store.getFiles(file.jobId)).find((f) => f.index === file.index) ?? file;
      file = forgetProbe(err.notice === null ? latest : addNotice(latest, err.notice));
      await env.ports.store.putFile(file);
    }
  }
};

async function transferAttempt(
  env: TransferEnv,
  request: FileTransferRequest,
  stored: FileRecord,
): Promise<FileRecord> {
  const { store } = env.ports;
  const { job } = request;
  const label = labelOf(stored);
  const start = await startingPoint(env, { job, label, signal: request.signal }, stored);
  const { file, records, first } = start;
  const size = file.bytesTotal;
  const ranged = file.resumable === true && size !== null;
  const pool = createSegmentPool(records, env.tuning.minSplitBytes, (from, at) =>
    store.splitSegment(job.id, file.index, from, at),
  );
  // A stream cannot change source midway: it comes from the source the probe reached.
  const streamUrl = start.probed?.url ?? file.url;
  const urls = ranged ? sourceUrls(file) : [streamUrl];
  const sources: SourceSet = createSourceSet(
    { env, job, file, label, onRecord: (record) => request.onFileRecord?.(record) },
    urls,
    start.probed,
  );
  const streamOpen: OpenSegment = streamRestarter(env, { ...file, url: streamUrl }, job);

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

  const ctx: Omit<ConnectionContext, 'host'> = {
    env,
    jobId: job.id,
    fileIndex: file.index,
    label,
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
      // The probe's body belongs to the source that answered it; other work to the least busy one.
      const source = body ? sources.probed() : sources.pick();
      source.connections++;
      try {
        const open = ranged ? sources.opener(source) : streamOpen;
        await runConnection({ ...ctx, host: source.host }, segment, open, body, buffers);
      } catch (err) {
        // A source that failed hands its segments to the others; the last one's failure is the file's.
        sources.failed(source, err, controller.signal);
      } finally {
        source.connections--;
      }
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

  // A late write of the record (a notice) must not land over the completed one.
  await sources.flush();
  const completed = await finishFile(store, { ...sources.file(), bytesTotal: size ?? pool.received() });
  request.onProgress(completed.bytesTotal ?? 0, completed.bytesTotal);
  return completed;
}

/** The file as before its first probe: everything learned from the server is forgotten. */
function forgetProbe(file: FileRecord): FileRecord {
  return {
    ...newFileRecord(file.jobId, file.index, file),
    localPath: file.localPath,
    ...(file.notices ? { notices: file.notices } : {}),
  };
}
