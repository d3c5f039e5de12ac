/**
 * `npm run soak [-- --minutes N] [--seed S]`: the soak in real Chromium with the built extension
 * (`npm run build` first). 30 minutes by default. Prints the counts; exits 1 if any job did not end
 * as it must or chunks were left in IndexedDB.
 */
import { parseArgs } from 'node:util';
import { runSoak } from './soak';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    seed: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const report = await runSoak({
  minutes: Number(values.minutes),
  seed,
  log: values.quiet ? undefined : (line) => console.log(line),
});
console.log(`\nsoak finished (seed ${report.seed})`);
console.log(
  `jobs: ${report.jobs}, acknowledged: ${report.acknowledged}, errors: ${JSON.stringify(report.errors)}`,
);
console.log(`events: ${JSON.stringify(report.events)}`);
console.log(`records left in IndexedDB: ${JSON.stringify(report.stored)}`);
for (const problem of report.problems) console.log(`PROBLEM: ${problem}`);
const ok = report.problems.length === 0 && (report.stored.chunks ?? 0) === 0;
console.log(ok ? 'OK' : 'FAILED');
process.exit(ok ? 0 : 1);
