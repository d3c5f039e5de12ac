/**
 * The URLs one file can be fetched from: its own, then its mirrors (job-model.md, "Mirrors").
 * Each source keeps its own validators, learned from its own answers, and is "verified" once one
 * of its answers showed the file's size: only then does it get `If-Range`. A source whose answer
 * shows another size (or, for a changed link, another strong ETag) is a mismatch, not a failure.
 */
import type { OpenSegment } from './live-segment';
import { checkSegmentResponse, ifRangeValue, parseContentRange, type Validators } from './range-response';
import { discardBody, fetchWithHeaders, problemForStatus } from './segment-request';
import { FileChangedSignal, TransferProblem } from './transfer-signals';
import type { RequestingJob, TransferEnv } from './transfer-types';

export interface TransferSource {
  url: string;
  host: string;
  /** 0: the file's own URL; then its mirrors, in order. */
  rank: number;
  /** This source's own: the file's size, and the ETag and Last-Modified it answers with. */
  validators: Validators;
  verified: boolean;
  /**
   * For a link changed by setFileUrl: the strong ETag the old link had. The first answer must carry
   * the same one where it carries a strong ETag at all.
   */
  expectedEtag: string | null;
  alive: boolean;
  /** Connections using it now: a free connection takes the least busy source. */
  connections: number;
}

/** A source that serves other bytes than the file's; `reason` reads "it serves …". */
export class SourceMismatch extends Error {
  constructor(
    readonly source: TransferSource,
    readonly reason: string,
  ) {
    super(`${source.url}: ${reason}`);
    this.name = 'SourceMismatch';
  }
}

const isStrong = (etag: string | null): etag is string => etag !== null && !etag.startsWith('W/');

export function newSource(
  url: string,
  rank: number,
  validators: Validators,
  verified: boolean,
): TransferSource {
  return {
    url,
    host: new URL(url).host,
    rank,
    validators: { ...validators },
    verified,
    expectedEtag: null,
    alive: true,
    connections: 0,
  };
}

/** The least busy live source, the earlier one on a tie; null when none is left. */
export function pickSource(sources: readonly TransferSource[]): TransferSource | null {
  let best: TransferSource | null = null;
  for (const source of sources) {
    if (!source.alive) continue;
    if (best === null || source.connections < best.connections) best = source;
  }
  return best;
}

function describeSize(bytes: number | null): string {
  return bytes === null ? 'an unknown size' : `${bytes} bytes`;
}

/**
 * Ranged requests to one source: `Range: bytes=pos-(end-1)`, with If-Range once verified. The
 * first answer of an unverified source is checked against the file's size (and `expectedEtag`)
 * and, if it matches, its validators become the source's (`onVerified` persists them).
 */
export function sourceOpener(
  ctx: { env: TransferEnv; job: RequestingJob },
  source: TransferSource,
  onVerified: (source: TransferSource, finalUrl: string) => void,
): OpenSegment {
  return async (segment, signal, requestEnd) => {
    const size = source.validators.size ?? 0;
    const end = Math.min(segment.end ?? size, requestEnd ?? Infinity);
    const headers = new Headers(ctx.job.headers);
    headers.set('Range', `bytes=${segment.pos}-${end - 1}`);
    const ifRange = source.verified ? ifRangeValue(source.validators) : null;
    if (ifRange !== null) headers.set('If-Range', ifRange);
    const response = await fetchWithHeaders(ctx.env, ctx.job, source.url, headers, signal);
    const request = { pos: segment.pos, end };
    if (source.verified) {
      const verdict = checkSegmentResponse(response.status, response.headers, request, source.validators);
      if (verdict.kind === 'ok') return { response, bodyEnd: verdict.bodyEnd };
      discardBody(response);
      if (verdict.kind === 'changed') throw new FileChangedSignal(verdict.reason);
      if (verdict.kind === 'invalid')
        throw new TransferProblem({ kind: 'invalid-response', detail: verdict.detail });
      throw problemForStatus(response, ctx.env.ports.clock.now());
    }
    // First contact: only the size (and a changed link's strong ETag) must agree.
    const etag = response.headers.get('etag');
    const known: Validators = {
      size: source.validators.size,
      etag: isStrong(etag) && isStrong(source.expectedEtag) ? source.expectedEtag : null,
      lastModified: null,
    };
    const verdict = checkSegmentResponse(response.status, response.headers, request, known);
    if (verdict.kind === 'ok') {
      source.validators = { size: known.size, etag, lastModified: response.headers.get('last-modified') };
      source.verified = true;
      onVerified(source, response.url || source.url);
      return { response, bodyEnd: verdict.bodyEnd };
    }
    discardBody(response);
    if (verdict.kind === 'changed') {
      const served = parseContentRange(response.headers.get('content-range'))?.total ?? null;
      const reason =
        response.status === 200
          ? 'it does not serve byte ranges'
          : served !== known.size
            ? `it serves ${describeSize(served)}, not ${describeSize(known.size)}`
            : 'it serves a file with another ETag';
      throw new SourceMismatch(source, reason);
    }
    if (verdict.kind === 'invalid')
      throw new TransferProblem({ kind: 'invalid-response', detail: verdict.detail });
    throw problemForStatus(response, ctx.env.ports.clock.now());
  };
}
