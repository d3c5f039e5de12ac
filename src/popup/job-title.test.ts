import { describe, expect, it } from 'vitest';
import { makeJob } from './job-fixture';
import { jobTitle } from './job-title';
import { SPEC_EXAMPLE_INFO } from '../../test/engine/support/wmp-example';

const wmp = SPEC_EXAMPLE_INFO;

describe('jobTitle', () => {
  it('shows the display name of a plain job', () => {
    expect(jobTitle(makeJob({ displayName: 'Holiday photos' }))).toBe('Holiday photos');
  });

  it('shows Artist — Album — NN Title for a WMP job', () => {
    expect(jobTitle(makeJob({ wmp }))).toBe('The Band — Live: 1999 — 03 Opening Night');
  });

  it('leaves out a missing track number and empty fields', () => {
    expect(jobTitle(makeJob({ wmp: { ...wmp, trackNumber: null, albumArtist: '' } }))).toBe(
      'Live: 1999 — Opening Night',
    );
  });

  it('falls back to the display name when the title is empty', () => {
    expect(
      jobTitle(makeJob({ displayName: 'track3.mp3', wmp: { ...wmp, title: '', trackNumber: 12 } })),
    ).toBe('The Band — Live: 1999 — 12 track3.mp3');
  });
});
