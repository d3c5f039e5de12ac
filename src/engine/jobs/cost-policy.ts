/**
 * BITS cost policies, reduced to what a browser can know (job-model.md, "Scheduling"): on a
 * metered connection a job with `transferPolicy: 'unmetered'` waits in QUEUED with
 * BG_E_BLOCKED_BY_COST_TRANSFER_POLICY, and so do background jobs owned by "user" when the option
 * "Pause background jobs on metered connections" is on. Foreground jobs never wait. Pure.
 */
import { BITS_HRESULTS } from '../bits-codes';
import type { JobRecord } from '../ports';
import { USER_OWNER, type JobError, type Settings } from '../types';

export const COST_POLICY_CODE = 'BG_E_BLOCKED_BY_COST_TRANSFER_POLICY';

export function heldByCost(
  job: Pick<JobRecord, 'priority' | 'owner' | 'transferPolicy'>,
  metered: boolean,
  settings: Pick<Settings, 'pauseBackgroundOnMetered'>,
): boolean {
  if (!metered || job.priority === 'foreground') return false;
  if (job.transferPolicy === 'unmetered') return true;
  return settings.pauseBackgroundOnMetered && job.owner === USER_OWNER;
}

export function costPolicyError(): JobError {
  return {
    code: COST_POLICY_CODE,
    hresult: BITS_HRESULTS.BG_E_BLOCKED_BY_COST_TRANSFER_POLICY,
    context: 'queue-manager',
    message:
      'The connection is metered, so this download waits; it goes on by itself on an unmetered connection.',
    fileIndex: null,
    httpStatus: null,
  };
}

export const waitsForCost = (job: Pick<JobRecord, 'error'>): boolean => job.error?.code === COST_POLICY_CODE;
