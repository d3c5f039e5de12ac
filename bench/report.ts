/** Printing benchmark figures: medians over rounds and ratios against a named peer. */

export interface Measurement {
  name: string;
  bytes: number;
  /** One entry per round. */
  seconds: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (i: number): number => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

export const mbPerSecond = (m: Measurement): number => m.bytes / 1e6 / median(m.seconds);

/** A table: name, median seconds, MB/s, and the ratio of MB/s to each reference row. */
export function printTable(title: string, rows: Measurement[], references: string[]): void {
  console.log(`\n${title}`);
  const header = ['case', 'median s', 'MB/s', ...references.map((r) => `× ${r}`)];
  const lines = rows.map((row) => [
    row.name,
    median(row.seconds).toFixed(2),
    mbPerSecond(row).toFixed(1),
    ...references.map((ref) => {
      const other = rows.find((r) => r.name === ref);
      return other ? (mbPerSecond(row) / mbPerSecond(other)).toFixed(2) : '-';
    }),
  ]);
  printColumns(header, lines);
}

/** Columns padded to their widest cell: the first left-aligned, the rest (figures) right-aligned. */
export function printColumns(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

export function ratio(rows: Measurement[], a: string, b: string): number | null {
  const x = rows.find((r) => r.name === a);
  const y = rows.find((r) => r.name === b);
  return x && y ? mbPerSecond(x) / mbPerSecond(y) : null;
}
