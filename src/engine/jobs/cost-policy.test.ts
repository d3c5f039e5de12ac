import { describe, expect, it } from 'vitest';
import { costPolicyError, heldByCost } from './cost-policy';

const off = { pauseBackgroundOnMetered: false };
const on = { pauseBackgroundOnMetered: true };
const job = (priority: 'foreground' | 'normal', owner: string, transferPolicy?: 'always' | 'unmetered') => ({
  priority,
  owner,
  transferPolicy,
});

describe('heldByCost', () => {
  it('holds nothing on an unmetered connection', () => {
    expect(heldByCost(job('normal', 'https://shop.example', 'unmetered'), false, on)).toBe(false);
  });

  it('holds an unmetered background job on a metered connection, never a foreground one', () => {
    expect(heldByCost(job('normal', 'https://shop.example', 'unmetered'), true, off)).toBe(true);
    expect(heldByCost(job('foreground', 'https://shop.example', 'unmetered'), true, on)).toBe(false);
    expect(heldByCost(job('normal', 'https://shop.example', 'always'), true, on)).toBe(false);
    expect(heldByCost(job('normal', 'https://shop.example'), true, on)).toBe(false);
  });

  it('holds background jobs of "user" only with the option on', () => {
    expect(heldByCost(job('normal', 'user'), true, off)).toBe(false);
    expect(heldByCost(job('normal', 'user'), true, on)).toBe(true);
    expect(heldByCost(job('foreground', 'user'), true, on)).toBe(false);
  });

  it('waits with the BITS code and HRESULT', () => {
    expect(costPolicyError()).toMatchObject({
      code: 'BG_E_BLOCKED_BY_COST_TRANSFER_POLICY',
      hresult: 0x80200059,
      context: 'queue-manager',
    });
  });
});
