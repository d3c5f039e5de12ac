/**
 * Two minutes of the soak (test/soak/soak.ts; `npm run soak` runs 30): jobs keep arriving while the
 * server resets, stalls, answers 5xx and changes files, the worker is stopped and the browser
 * restarted. Every job ends ACKNOWLEDGED with the bytes of its file or ERROR with the right code,
 * and no chunk is left behind in IndexedDB.
 */
import { expect, it } from 'vitest';
import { runSoak } from '../soak/soak';

const MINUTES = 2;
const SEED = Number(process.env.WEBBITS_SOAK_SEED ?? 20261124);

it(
  `survives ${MINUTES} minutes of random faults, worker stops and browser restarts`,
  async () => {
    const report = await runSoak({ minutes: MINUTES, seed: SEED, drainMinutes: 4 });
    const summary = JSON.stringify({ ...report, problems: undefined });

    expect(report.problems, summary).toEqual([]);
    expect(report.stored.chunks, summary).toBe(0);
    // The run really did what it claims: many jobs, both kinds of interruption, expected failures.
    expect(report.jobs).toBeGreaterThanOrEqual(10);
    expect(report.events['worker stops']).toBeGreaterThanOrEqual(2);
    expect(report.events['browser restarts']).toBeGreaterThanOrEqual(1);
    expect(report.acknowledged + (report.errors.BG_E_HTTP_ERROR_404 ?? 0)).toBe(report.jobs);
  },
  (MINUTES + 8) * 60_000,
);
