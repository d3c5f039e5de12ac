/** The machine the figures come from: printed beside every table, since a figure alone means little. */
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

function chromiumVersion(): string {
  try {
    return execSync('chromium --version', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'chromium: unknown version';
  }
}

export function describeMachine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const ramGiB = (totalmem() / 2 ** 30).toFixed(1);
  return `${model}, ${cores.length} cores, ${ramGiB} GiB RAM; ${chromiumVersion()}; Node ${process.version}`;
}
