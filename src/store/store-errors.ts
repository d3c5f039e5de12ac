/**
 * Errors a JobStore throws. The engine maps a 'QuotaExceededError' to BG_E_DISK_FULL, so that
 * name must reach it unchanged whatever wrapped it on the way (Dexie wraps IndexedDB errors).
 */

/** appendChunk or splitSegment named a segment that is not stored (the file was restarted or deleted). */
export class MissingSegmentError extends Error {
  override name = 'MissingSegmentError';
  constructor(jobId: string, fileIndex: number, segmentStart: number) {
    super(`No segment of job ${jobId}, file ${fileIndex} starts at byte ${segmentStart}.`);
  }
}

export const QUOTA_EXCEEDED = 'QuotaExceededError';

export function quotaExceeded(message = 'The storage quota is exhausted.'): DOMException {
  return new DOMException(message, QUOTA_EXCEEDED);
}

/** The error and what it wraps (`inner` for Dexie, `cause` for standard errors), outermost first. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== null && current !== undefined && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    const wrapper = current as { inner?: unknown; cause?: unknown };
    current = typeof current === 'object' ? (wrapper.inner ?? wrapper.cause) : undefined;
  }
  return chain;
}

function hasName(value: unknown, name: string): value is Error {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name;
}

/**
 * Storage errors as the JobStore contract promises them: anything caused by an exhausted quota
 * becomes a DOMException named 'QuotaExceededError'; every other error passes through unchanged.
 */
export function normalizeStorageError(error: unknown): unknown {
  const chain = errorChain(error);
  const quota = chain.filter((e) => hasName(e, QUOTA_EXCEEDED));
  if (quota.length === 0) return error;
  // Chromium's commit-time quota abort carries an empty message: give it one a log can use.
  const original = quota.find((e) => e instanceof DOMException && e.message !== '');
  return original ?? quotaExceeded(quota.find((e) => e.message !== '')?.message);
}
