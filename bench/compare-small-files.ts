/**
 * `npx tsx bench/compare-small-files.ts <build A> <build B> [rounds]`: the small-files bench's
 * one-job case (200 files of 64 KiB, bench/extension-small-files.ts) for two builds of
 * dist/chrome, interleaved (A B, then B A, ...) in one process against one server, so that both
 * see the same machine at the same moments. Each round launches each build once, runs one job to
 * warm it and times the second. Prints every run and the medians.
 */
import { startTestServer } from '../test/server';
import { serveBlankPage } from './extension';
import { launchBenchExtension } from './extension-session';
import { addSmallFiles, webbitsOneJob } from './extension-small-files';
import { median } from './report';

const [first, second, roundsArg] = process.argv.slice(2);
if (!first || !second) throw new Error('usage: compare-small-files.ts <build A> <build B> [rounds]');
const builds = [first, second];
const rounds = Number(roundsArg ?? 3);

const server = await startTestServer();
try {
  serveBlankPage(server);
  const files = await addSmallFiles(server, 200, 64);
  const seconds = new Map<string, number[]>(builds.map((build) => [build, []]));
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      process.env.WEBBITS_EXTENSION_DIR = build;
      const ext = await launchBenchExtension();
      try {
        await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
        await webbitsOneJob(ext, server, files);
        const s = await webbitsOneJob(ext, server, files);
        seconds.get(build)?.push(s);
        console.log(`round ${round + 1}: ${build}: ${s.toFixed(2)} s`);
      } finally {
        await ext.close();
      }
    }
  }
  for (const [build, runs] of seconds)
    console.log(
      `${build}: ${runs.map((s) => s.toFixed(2)).join(', ')} s; median ${median(runs).toFixed(2)} s`,
    );
} finally {
  await server.close();
}
