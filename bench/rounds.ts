/**
 * Runs cases side by side for several rounds. Rounds interleave the cases, so that a slow moment of
 * the machine touches all of them alike; every result's sha256 must be the expected one, so a fast
 * wrong answer cannot win.
 */
import type { PeerRun } from './peers';
import type { Measurement } from './report';

export interface BenchCase {
  name: string;
  run(): Promise<PeerRun>;
}

export async function runRounds(
  cases: readonly BenchCase[],
  expectedSha256: string,
  bytes: number,
  rounds: number,
): Promise<Measurement[]> {
  const rows = cases.map((c) => ({ name: c.name, bytes, seconds: [] as number[] }));
  const partRows = new Map<string, Measurement>();
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const result = await c.run();
      if (result.sha256 !== expectedSha256) throw new Error(`${c.name}: wrong sha256 ${result.sha256}`);
      rows[i]?.seconds.push(result.seconds);
      for (const [part, seconds] of Object.entries(result.parts ?? {})) {
        const name = `${c.name} (${part})`;
        const row = partRows.get(name) ?? { name, bytes, seconds: [] };
        row.seconds.push(seconds);
        partRows.set(name, row);
      }
      process.stderr.write(`  round ${round + 1}: ${c.name}: ${result.seconds.toFixed(2)} s\n`);
    }
  }
  return [...rows, ...partRows.values()];
}
