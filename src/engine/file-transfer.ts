/**
 * One file of a job, from the network into the store (job-model.md, "Transfer rules (HTTP)").
 * Probe or resume from stored segments, run up to `connectionsPerFile` connections that split
 * the remaining bytes between them, then check the stored chunks and the sha256.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { chunkSize, readChunkBytes } from '../store/chunk-data';
import { classifyFailure, type FileLabel } from './classify-failure';
import {
  discardBody,
  fetchWithHeaders,
  isSegmentDone,
  problemForStatus,
  rangedOpener,
  runConnection,
  type ConnectionContext,
  type LiveSegment,
  type OpenSegment,
  type OpenedBody,
} from './connection';
import type { FileRecord, SegmentRecord } from './ports';
import { probeFile, type ProbeTarget } from './probe';
import { checkProbeResponse } from './range-response';
import { chunksCoverFile, pickNextWork } from './segment-plan';
import { FileChangedSignal, TransferProblem, linkedController } from './transfer-signals';
import {
  TransferFailure,
  type FileTransferRequest,
  type TransferEnv,
  type TransferFile,
} from './transfer-types';

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
      const label = labelOf(file);
      if (restarts >= MAX_RESTARTS) {
        const failure = classifyFailure(
          { kind: 'invalid-response', detail: `the file kept changing: ${err.reason}` },
          label,
        );
        throw new TransferFailure(failure.error, true);
      }
      await env.ports.store.deleteFileData(file.jobId, file.index);
      file = forgetProbe(file);
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
  let file = stored;
  const url = file.url;
  const target: ProbeTarget = {
    url,
    host: new URL(url).host,
    jobHeaders: job.headers,
    label: labelOf(file),
    signal: request.signal,
  };

  let records = await store.getSegments(job.id, file.index);
  if (records.length > 0 && (file.resumable !== true || file.bytesTotal === null)) {
    // Not resumable: what is stored cannot be continued, only fetched again from 0.
    await store.deleteFileData(job.id, file.index);
    records = [];
  }
  let first: OpenedBody | undefined;
  if (records.length === 0) {
    const probe = await probeFile(env, target);
    const { facts } = probe;
    file = {
      ...file,
      finalUrl: probe.finalUrl,
      bytesTotal: facts.size,
      resumable: facts.resumable,
      etag: facts.etag,
      lastModified: facts.lastModified,
      contentType: facts.contentType,
      contentDisposition: facts.contentDisposition,
    };
    records = [{ jobId: job.id, fileIndex: file.index, start: 0, end: facts.size, pos: 0 }];
    try {
      await store.putFile(file);
      await store.replaceSegments(job.id, file.index, records);
    } catch (err) {
      probe.opened.link?.unlink();
      probe.opened.release?.();
      void probe.opened.response.body?.cancel().catch(() => undefined);
      throw err;
    }
    first = probe.opened;
  }

  const size = file.bytesTotal;
  const live: LiveSegment[] = records
    .map((r) => ({
      start: r.start,
      end: r.end,
      pos: r.pos,
      storedPos: r.pos,
      leased: false,
      ready: Promise.resolve(),
    }))
    .sort((a, b) => a.start - b.start);
  let received = live.reduce((sum, s) => sum + (s.pos - s.start), 0);

  const { controller, unlink } = linkedController(request.signal);
  let firstError: unknown = null;
  const fail = (err: unknown) => {
    if (firstError !== null) return;
    firstError = err;
    controller.abort(err);
  };

  const ranged = file.resumable === true && size !== null;
  const open: OpenSegment = ranged
    ? rangedOpener(
        { env, url, jobHeaders: job.headers },
        { size, etag: file.etag, lastModified: file.lastModified },
      )
    : streamReopener(env, target, file, (count) => (received = count));

  const running = new Set<Promise<void>>();
  let splitting: Promise<void> = Promise.resolve();

  const ctx: ConnectionContext = {
    env,
    jobId: job.id,
    fileIndex: file.index,
    label: target.label,
    host: target.host,
    signal: controller.signal,
    onBytes(count) {
      received += count;
      request.onTransferring();
      request.onProgress(received, size);
      if (ranged && running.size < env.connectionsPerFile()) spawn(claimWork());
    },
  };

  /** A segment for a free connection: an unleased unfinished one, else half of the largest remaining. */
  function claimWork(): LiveSegment | null {
    if (!ranged || controller.signal.aborted) return null;
    const leased = new Map(live.filter((s) => s.leased).map((s) => [s.start, s.pos]));
    const spans = live.filter((s) => s.end !== null) as (LiveSegment & { end: number })[];
    const work = pickNextWork(spans, leased, env.tuning.minSplitBytes);
    if (work === null) return null;
    if (work.kind === 'take') {
      const segment = live.find((s) => s.start === work.segmentStart) as LiveSegment;
      segment.leased = true;
      return segment;
    }
    const parent = live.find((s) => s.start === work.split.segmentStart) as LiveSegment;
    const { at } = work.split;
    const child: LiveSegment = {
      start: at,
      end: parent.end,
      pos: at,
      storedPos: at,
      leased: true,
      ready: splitting,
    };
    parent.end = at; // the parent's connection stops here from its next read on
    // Splits are written one after another, so a split of a new segment finds it stored.
    splitting = child.ready = splitting.then(() => store.splitSegment(job.id, file.index, parent.start, at));
    live.push(child);
    live.sort((a, b) => a.start - b.start);
    return child;
  }

  function spawn(segment: LiveSegment | null, opened?: OpenedBody): void {
    if (segment === null) return;
    const worker = runWorker(segment, opened).catch(fail);
    running.add(worker);
    void worker.finally(() => running.delete(worker));
  }

  async function runWorker(initial: LiveSegment, opened?: OpenedBody): Promise<void> {
    let segment: LiveSegment | null = initial;
    let body = opened;
    while (segment !== null) {
      await segment.ready;
      await runConnection(ctx, segment, open, body);
      body = undefined;
      segment.leased = false;
      // When the setting dropped, a finishing connection just stops.
      segment = running.size > env.connectionsPerFile() ? null : claimWork();
    }
  }

  try {
    if (first) {
      const head = live[0] as LiveSegment;
      head.leased = true;
      spawn(head, first);
    }
    do {
      while (running.size < env.connectionsPerFile()) {
        const segment = claimWork();
        if (segment === null) break;
        spawn(segment);
      }
      if (!ranged && running.size === 0 && !isSegmentDone(live[0] as LiveSegment)) {
        const head = live[0] as LiveSegment;
        head.leased = true;
        spawn(head);
      }
      while (running.size > 0) await Promise.race(running);
    } while (firstError === null && !request.signal.aborted && live.some((s) => !isSegmentDone(s)));
  } finally {
    unlink();
  }
  if (request.signal.aborted) throw request.signal.reason;
  if (firstError !== null) throw firstError;

  const finalSize = size ?? received;
  return finishFile(env, { ...file, bytesTotal: finalSize }, request);
}

/** A file without ranges restarts from 0 on every retry: drop what is stored, ask again. */
function streamReopener(
  env: TransferEnv,
  target: ProbeTarget,
  file: FileRecord,
  setReceived: (count: number) => void,
): OpenSegment {
  return async (segment, signal) => {
    const { store } = env.ports;
    await store.deleteFileData(file.jobId, file.index);
    const records: SegmentRecord[] = [
      { jobId: file.jobId, fileIndex: file.index, start: 0, end: file.bytesTotal, pos: 0 },
    ];
    await store.replaceSegments(file.jobId, file.index, records);
    segment.pos = segment.storedPos = 0;
    segment.end = file.bytesTotal;
    setReceived(0);
    const response = await fetchWithHeaders(env, target.url, new Headers(target.jobHeaders), signal);
    const verdict = checkProbeResponse(response.status, response.headers);
    if (verdict.kind === 'ok' && verdict.facts.size === file.bytesTotal && verdict.facts.etag === file.etag) {
      return { response, bodyEnd: verdict.bodyEnd };
    }
    discardBody(response);
    if (verdict.kind === 'ok') throw new FileChangedSignal('its size or ETag changed');
    if (verdict.kind === 'http-error') throw problemForStatus(response, env.ports.clock.now());
    throw new TransferProblem({
      kind: 'invalid-response',
      detail: verdict.kind === 'invalid' ? verdict.detail : verdict.reason,
    });
  };
}

/** Checks that the stored chunks are the whole file and match its sha256, then marks it complete. */
async function finishFile(
  env: TransferEnv,
  file: FileRecord,
  request: FileTransferRequest,
): Promise<FileRecord> {
  const { store } = env.ports;
  const size = file.bytesTotal ?? 0;
  const chunks = await store.getChunks(file.jobId, file.index);
  const spans = chunks.map((c) => ({ offset: c.offset, size: chunkSize(c.data) }));
  if (!chunksCoverFile(spans, size)) throw new FileChangedSignal('the stored chunks do not cover the file');
  if (file.sha256 !== null) {
    const hash = sha256.create();
    for (const chunk of chunks) hash.update(await readChunkBytes(chunk.data));
    const actual = bytesToHex(hash.digest());
    const expected = file.sha256.toLowerCase();
    if (actual !== expected) {
      await store.deleteFileData(file.jobId, file.index);
      const failure = classifyFailure({ kind: 'checksum', expected, actual }, labelOf(file));
      throw new TransferFailure(failure.error, false);
    }
  }
  const completed = { ...file, completed: true };
  await store.putFile(completed);
  request.onProgress(size, size);
  return completed;
}

function labelOf(file: FileRecord): FileLabel {
  return { url: file.url, name: file.name, index: file.index };
}

/** The file as before its first probe: everything learned from the server is forgotten. */
function forgetProbe(file: FileRecord): FileRecord {
  return {
    ...file,
    bytesTotal: null,
    completed: false,
    finalUrl: null,
    etag: null,
    lastModified: null,
    contentType: null,
    contentDisposition: null,
    resumable: null,
  };
}
