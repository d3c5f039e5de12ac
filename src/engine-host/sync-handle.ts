/**
 * `createSyncAccessHandle()`, exclusive or shared. Shared (`readwrite-unsafe`, Chromium only) lets
 * handles in several workers hold one file: the engine host's and its flush worker's. TypeScript's
 * DOM types do not know the option yet. Firefox ignores it and locks the file.
 */
type Opener = { createSyncAccessHandle(options?: { mode: string }): Promise<FileSystemSyncAccessHandle> };

export function openSyncHandle(
  file: FileSystemFileHandle,
  shared: boolean,
): Promise<FileSystemSyncAccessHandle> {
  return (file as unknown as Opener).createSyncAccessHandle(
    shared ? { mode: 'readwrite-unsafe' } : undefined,
  );
}
