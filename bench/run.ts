/**
 * `npm run bench [-- <name>...] [--rounds N] [--size MiB]`: the benchmarks, printing figures and
 * ratios against peers run in the same process. Never part of `npm test`.
 *
 * Names: engine (the engine in Node), and in real Chromium with the built extension (`npm run
 * build` first): extension (one large file, throttled and not), small-files (`--files`,
 * `--file-kib`), resume-waste, memory (`--memory-size` MiB), page-load (`--page-rounds`), page-blob
 * (a page hands over a `--size` MiB Blob, default 1024), storage-probe (the pieces of a
 * download measured alone), popup-render (the popup over `--jobs` jobs, default 1,000), upload (a `--size` MiB upload job, default
 * 512, against curl --data-binary), save-stream (whether a save can be served as a stream while a
 * file transfers, `--size` MiB, default 512).
 */
import { parseArgs } from 'node:util';
import { runEngineBench } from './engine';
import { runExtensionBench } from './extension';
import { runSmallFilesBench } from './extension-small-files';
import { runMemoryBench } from './memory';
import { runPageBlobBench } from './page-blob';
import { runPageLoadBench } from './page-load';
import { runPopupRenderBench } from './popup-render';
import { runResumeWasteBench } from './resume-waste';
import { runSaveStreamBench } from './save-stream';
import { runStorageProbe } from './storage-probe';
import { runUploadBench } from './upload';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '1' },
    // No default here: each benchmark has its own (engine 256, extension 512, resume-waste 64 MiB).
    size: { type: 'string' },
    throttle: { type: 'string', default: '8000000' },
    // extension: which tables to run (an A/B of one case need not wait for the other table).
    tables: { type: 'string', default: 'throttled,unthrottled' },
    files: { type: 'string', default: '200' },
    'file-kib': { type: 'string', default: '64' },
    'memory-size': { type: 'string', default: '2048' },
    'page-rounds': { type: 'string', default: '40' },
    'chunk-kib': { type: 'string', default: '1024' },
    jobs: { type: 'string', default: '1000' },
  },
});

const benches: Record<string, () => Promise<void>> = {
  engine: () =>
    runEngineBench({
      sizeMiB: Number(values.size ?? 256),
      rounds: Number(values.rounds),
      throttle: Number(values.throttle),
    }),
  extension: () =>
    runExtensionBench({
      sizeMiB: Number(values.size ?? 512),
      rounds: Number(values.rounds),
      throttle: Number(values.throttle),
      tables: values.tables.split(','),
    }),
  'small-files': () =>
    runSmallFilesBench({
      files: Number(values.files),
      fileKiB: Number(values['file-kib']),
      rounds: Number(values.rounds),
    }),
  'resume-waste': () =>
    runResumeWasteBench({ sizeMiB: Number(values.size ?? 64), rounds: Number(values.rounds) }),
  memory: () => runMemoryBench({ sizeMiB: Number(values['memory-size']) }),
  'storage-probe': () =>
    runStorageProbe({ sizeMiB: Number(values.size ?? 64), chunkKiB: Number(values['chunk-kib']) }),
  'save-stream': () => runSaveStreamBench({ sizeMiB: Number(values.size ?? 512) }),
  'page-load': () => runPageLoadBench({ rounds: Number(values['page-rounds']) }),
  'page-blob': () => runPageBlobBench({ sizeMiB: Number(values.size ?? 1024) }),
  'popup-render': () => runPopupRenderBench({ jobs: Number(values.jobs), rounds: Number(values.rounds) }),
  upload: () => runUploadBench({ sizeMiB: Number(values.size ?? 512), rounds: Number(values.rounds) }),
};

const chosen = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
  await bench();
}
