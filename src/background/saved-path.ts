/**
 * The path a saved file actually got, relative to Downloads. The browser reports an absolute
 * filename; the uniquify rule changes only the last component, so the requested folders plus the
 * reported file name are the answer, whatever the Downloads folder is.
 */
export function savedPath(requested: string, reportedFilename: string | undefined): string {
  if (!reportedFilename) return requested;
  const reportedName = reportedFilename.split(/[/\\]/).pop();
  if (!reportedName) return requested;
  const folders = requested.split('/').slice(0, -1);
  return [...folders, reportedName].join('/');
}
