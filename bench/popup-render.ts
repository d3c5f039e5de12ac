/**
 * bench popup-render: the toolbar popup opened over 1,000 jobs, in real Chromium with the built
 * extension. The popup marks User Timing entries (src/popup/render-marks.ts): the job list arriving
 * from the background, the first screen of rows, and every row. Printed per round and as medians;
 * the target (ui.md: 1,000 jobs open in under 300 ms) is reported, never asserted.
 */
import { startTestServer } from '../test/server';
import { describeMachine } from './machine';
import { launchBenchExtension } from './extension-session';
import { median } from './report';

export interface PopupRenderOptions {
  jobs: number;
  rounds: number;
}

interface Marks {
  snapshot: number;
  firstRows: number;
  allRows: number;
}

export async function runPopupRenderBench(opts: PopupRenderOptions): Promise<void> {
  console.log(`bench/popup-render: ${opts.jobs} jobs, ${opts.rounds} round(s); ${describeMachine()}`);
  const server = await startTestServer();
  const ext = await launchBenchExtension();
  try {
    // Jobs that exist but do not move: one slot, a paced file, then everything paused.
    server.addFile('/files/many.bin', { size: 1024 * 1024 });
    server.setThrottle(1024, '/files/many.bin');
    await ext.api('setSettings', { backgroundJobs: 1 });
    const urls = Array.from({ length: opts.jobs }, (_, i) => server.url(`/files/many.bin?n=${i}`));
    await ext.api('addDownloads', { urls });
    await ext.api('pauseAll');
    const rows: Marks[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const page = await ext.openExtensionPage('popup');
      await page.waitForFunction(
        () => performance.getEntriesByName('webbits:all-rows', 'mark').length > 0,
        null,
        {
          timeout: 60_000,
        },
      );
      // Names only, no helper function inside: tsx would wrap it in a `__name` call the page lacks.
      const [snapshot, firstRows, allRows] = await page.evaluate(
        (names) =>
          names.map((name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? Number.NaN),
        ['webbits:jobs-snapshot', 'webbits:first-rows', 'webbits:all-rows'],
      );
      const marks: Marks = {
        snapshot: snapshot ?? NaN,
        firstRows: firstRows ?? NaN,
        allRows: allRows ?? NaN,
      };
      rows.push(marks);
      console.log(
        `  round ${round + 1}: page start → list ${marks.snapshot.toFixed(0)} ms, list → first rows ` +
          `${(marks.firstRows - marks.snapshot).toFixed(0)} ms, → all rows ${(marks.allRows - marks.snapshot).toFixed(0)} ms`,
      );
      await page.close();
    }
    const med = (pick: (m: Marks) => number) => median(rows.map(pick)).toFixed(0);
    console.log(
      `popup with ${opts.jobs} jobs (median): page start → first rows ${med((m) => m.firstRows)} ms ` +
        `(target < 300 ms), list → first rows ${med((m) => m.firstRows - m.snapshot)} ms, ` +
        `page start → all rows ${med((m) => m.allRows)} ms`,
    );
  } finally {
    await ext.close();
    await server.close();
  }
}
