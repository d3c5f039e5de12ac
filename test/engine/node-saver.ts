/**
 * A FileSaver for Node tests: writes a file's stored chunks, in offset order, under a folder that
 * stands for the browser's Downloads, never overwriting (the downloads API's `uniquify`).
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { FileSaver, JobStore, SaveRequest } from '../../src/engine/ports';
import { readChunkBytes } from '../../src/engine/transfer/chunk-bytes';

export class NodeFileSaver implements FileSaver {
  readonly saved: SaveRequest[] = [];

  constructor(
    private readonly store: JobStore,
    readonly downloads: string,
  ) {}

  async save(request: SaveRequest): Promise<{ localPath: string }> {
    const chunks = await this.store.getChunks(request.jobId, request.fileIndex);
    const localPath = await this.createUnique(request.path);
    const handle = await open(join(this.downloads, localPath), 'r+');
    try {
      let expected = 0;
      for (const chunk of chunks) {
        if (chunk.offset !== expected)
          throw new Error(`${request.path}: chunk at ${chunk.offset}, expected ${expected}`);
        const bytes = await readChunkBytes(chunk.data);
        await handle.write(bytes, 0, bytes.byteLength, chunk.offset);
        expected += bytes.byteLength;
      }
      if (expected !== request.bytesTotal) {
        throw new Error(`${request.path}: ${expected} bytes stored, ${request.bytesTotal} expected`);
      }
    } finally {
      await handle.close();
    }
    this.saved.push(request);
    return { localPath };
  }

  /** Creates an empty file at `path`, or at `name (n).ext` when taken; returns the path used. */
  private async createUnique(path: string): Promise<string> {
    const dir = posix.dirname(path);
    const base = posix.basename(path);
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    await mkdir(dirname(join(this.downloads, path)), { recursive: true });
    for (let n = 0; ; n++) {
      const name = n === 0 ? base : `${stem} (${n})${ext}`;
      const candidate = dir === '.' ? name : `${dir}/${name}`;
      try {
        await (await open(join(this.downloads, candidate), 'wx')).close();
        return candidate;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }
}
