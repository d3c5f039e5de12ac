/**
 * `npm run bench [-- <name>...] [--rounds N] [--size MiB]`: the benchmarks, printing figures and
 * ratios against peers run in the same process. Never part of `npm test`.
 */
import { parseArgs } from 'node:util';
import { runEngineBench } from './engine';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '1' },
    size: { type: 'string', default: '256' },
    throttle: { type: 'string', default: '8000000' },
  },
});

const benches: Record<string, () => Promise<void>> = {
  engine: () =>
    runEngineBench({
      sizeMiB: Number(values.size),
      rounds: Number(values.rounds),
      throttle: Number(values.throttle),
    }),
};

const chosen = positionals.length > 0 ? positionals : Object.keys(benches);
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
  await bench();
}
