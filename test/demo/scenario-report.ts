/** What the headless store scenario found, and how `npm start` prints it. */

export interface SavedFileReport {
  /** The track title or the extra's label. */
  label: string;
  /** The job's final state (ACKNOWLEDGED when saved), or 'MISSING' if no job was found. */
  state: string;
  /** Relative to the download folder; null when nothing was saved. */
  localPath: string | null;
  bytes: number | null;
  /** The saved bytes have the store's sha256. */
  sha256Ok: boolean;
  error: string | null;
}

export interface ExtraReport extends SavedFileReport {
  /** The classic page's `item.downloadState` when it stopped polling (3 = Completed). */
  downloadState: number | null;
}

export interface StoreScenarioReport {
  tracks: SavedFileReport[];
  extras: ExtraReport[];
  /** Items the classic page showed after a reload, its collection found again through the cookie. */
  extrasAfterReload: number;
  ok: boolean;
}

export function scenarioSucceeded(report: Omit<StoreScenarioReport, 'ok'>): boolean {
  return (
    report.tracks.every((file) => file.state === 'ACKNOWLEDGED' && file.sha256Ok) &&
    report.extras.every((file) => file.downloadState === 3 && file.sha256Ok) &&
    report.extrasAfterReload === report.extras.length
  );
}

const mebibytes = (bytes: number | null) => (bytes === null ? '' : `${(bytes / (1 << 20)).toFixed(1)} MiB`);

function fileLine(file: SavedFileReport): string {
  if (file.localPath === null)
    return `  ${file.label}: ${file.state}${file.error ? ` (${file.error})` : ''}  FAIL`;
  return `  ${file.localPath}  ${mebibytes(file.bytes)}  sha256 ${file.sha256Ok ? 'OK' : 'FAIL'}`;
}

/** The lines `npm start` prints after a headless run. */
export function formatScenarioReport(report: StoreScenarioReport, downloadDir: string): string[] {
  return [
    `Saved under ${downloadDir}:`,
    `Album (window.webbits, ::WMP_JOB), ${report.tracks.length} tracks:`,
    ...report.tracks.map(fileLine),
    `Extras (external.DownloadManager, classic page), ${report.extras.length} items:`,
    ...report.extras.map((file) => `${fileLine(file)}  downloadState ${file.downloadState ?? '?'}`),
    `Classic page after a reload: ${report.extrasAfterReload} of ${report.extras.length} items found again through its cookie`,
    report.ok ? 'Demo OK' : 'Demo FAILED',
  ];
}
