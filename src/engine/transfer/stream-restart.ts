/**
 * A file without ranges (or without a size) is one stream: after any break it starts again from
 * 0. This opener drops what is stored, asks for the whole file, and makes sure it is the same one.
 */
import { checkProbeResponse } from './range-response';
import type { OpenSegment } from './live-segment';
import type { FileRecord } from '../ports';
import { discardBody, fetchWithHeaders, problemForStatus } from './segment-request';
import { FileChangedSignal, TransferProblem } from './transfer-signals';
import type { RequestingJob, TransferEnv } from './transfer-types';

export function streamRestarter(env: TransferEnv, file: FileRecord, job: RequestingJob): OpenSegment {
  return async (segment, signal) => {
    const { store } = env.ports;
    await store.deleteFileData(file.jobId, file.index);
    await store.replaceSegments(file.jobId, file.index, [
      { jobId: file.jobId, fileIndex: file.index, start: 0, end: file.bytesTotal, pos: 0 },
    ]);
    segment.pos = segment.storedPos = 0;
    segment.end = file.bytesTotal;
    const response = await fetchWithHeaders(env, job, file.url, new Headers(job.headers), signal);
    const verdict = checkProbeResponse(response.status, response.headers);
    if (verdict.kind === 'ok' && verdict.facts.size === file.bytesTotal && verdict.facts.etag === file.etag) {
      return { response, bodyEnd: verdict.bodyEnd };
    }
    discardBody(response);
    if (verdict.kind === 'ok') throw new FileChangedSignal('its size or ETag changed');
    if (verdict.kind === 'http-error') throw problemForStatus(response, env.ports.clock.now());
    const detail = verdict.kind === 'invalid' ? verdict.detail : verdict.reason;
    throw new TransferProblem({ kind: 'invalid-response', detail });
  };
}
