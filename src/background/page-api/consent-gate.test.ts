import { describe, expect, it } from 'vitest';
import type { SiteDecision } from '../../shared/background-api';
import { createConsentGate } from './consent-gate';

describe('consent gate', () => {
  it('reuses a stored decision for a second, then reads it again', async () => {
    let reads = 0;
    let stored: SiteDecision | null = 'allowed';
    let now = 0;
    const gate = createConsentGate(
      { decision: async () => (reads++, stored), ask: async () => null },
      () => now,
    );
    expect(await gate.ensure('https://a.example')).toBe('granted');
    stored = 'blocked';
    expect(await gate.ensure('https://a.example')).toBe('granted');
    expect(reads).toBe(1);
    now = 1000;
    expect(await gate.ensure('https://a.example')).toBe('denied');
  });

  it('opens one prompt per origin and tells listeners when it allowed', async () => {
    const answers: Array<(d: SiteDecision | null) => void> = [];
    const granted: string[] = [];
    const gate = createConsentGate(
      { decision: async () => null, ask: () => new Promise((resolve) => answers.push(resolve)) },
      () => 0,
    );
    gate.onGranted((origin) => granted.push(origin));
    const a = [gate.ensure('https://a.example'), gate.ensure('https://a.example')];
    const b = gate.ensure('https://b.example');
    await new Promise((r) => setImmediate(r));
    expect(answers).toHaveLength(2);
    expect(gate.pendingPrompts()).toBe(2);
    answers[0]?.('allowed');
    answers[1]?.(null);
    expect(await Promise.all(a)).toEqual(['granted', 'granted']);
    expect(await b).toBe('dismissed');
    expect(granted).toEqual(['https://a.example']);
    expect(gate.pendingPrompts()).toBe(0);
  });

  it('counts a prompt that cannot open as no decision', async () => {
    const gate = createConsentGate(
      { decision: async () => null, ask: () => Promise.reject(new Error('no windows')) },
      () => 0,
    );
    expect(await gate.ensure('https://a.example')).toBe('dismissed');
  });
});

describe('consent gate cache', () => {
  it('reads the stored decision again once told it changed', async () => {
    let stored: SiteDecision | null = 'blocked';
    const gate = createConsentGate({ decision: async () => stored, ask: async () => null }, () => 0);
    expect(await gate.ensure('https://a.example')).toBe('denied');
    stored = 'allowed';
    gate.forgetCached();
    expect(await gate.ensure('https://a.example')).toBe('granted');
  });
});
