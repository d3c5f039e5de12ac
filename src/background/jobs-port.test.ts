import { describe, expect, it } from 'vitest';
import type { JobChangeListener, JobManager } from '../engine/ports';
import type { JobInfo } from '../engine/types';
import type { JobsPortMessage } from '../shared/background-api';
import { serveJobsPort } from './jobs-port';

function fakeEngine(jobs: JobInfo[]) {
  const listeners = new Set<JobChangeListener>();
  const engine = {
    listJobs: () => jobs,
    subscribe(listener: JobChangeListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as JobManager;
  return { engine, listeners };
}

function fakePort() {
  const sent: JobsPortMessage[] = [];
  const onDisconnect: Array<() => void> = [];
  return {
    sent,
    disconnect: () => onDisconnect.forEach((listener) => listener()),
    port: {
      postMessage: (m: JobsPortMessage) => void sent.push(m),
      onDisconnect: { addListener: (l: () => void) => void onDisconnect.push(l) },
    },
  };
}

describe('serveJobsPort', () => {
  it('sends a snapshot, then changes and removals, until the page goes away', async () => {
    const job = { id: 'a' } as JobInfo;
    const { engine, listeners } = fakeEngine([job]);
    const { sent, port, disconnect } = fakePort();
    serveJobsPort(port, Promise.resolve(engine));
    await Promise.resolve();
    await Promise.resolve();
    for (const listener of listeners) {
      listener(job, 'progress');
      listener(job, 'removed');
    }
    expect(sent).toEqual([
      { type: 'snapshot', jobs: [job] },
      { type: 'change', job },
      { type: 'removed', id: 'a' },
    ]);
    disconnect();
    expect(listeners.size).toBe(0);
  });

  it('does not subscribe for a page that left before the background was ready', async () => {
    const { engine, listeners } = fakeEngine([]);
    const { sent, port, disconnect } = fakePort();
    let ready: (engine: JobManager) => void = () => undefined;
    serveJobsPort(port, new Promise((resolve) => (ready = resolve)));
    disconnect();
    ready(engine);
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([]);
    expect(listeners.size).toBe(0);
  });
});
