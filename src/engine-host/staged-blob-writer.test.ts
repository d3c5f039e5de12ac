import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STAGE_BLOCK_BYTES, writeStagedBlob, type StagedBlobWriterDeps } from './staged-blob-writer';

const PREFIX = 'blob:chrome-extension://webbits/';

/** An OPFS root holding `staged/`, whose files are byte arrays written through sync access handles. */
function fakeRoot() {
  const files = new Map<string, Uint8Array>();
  const staged = {
    async getFileHandle(name: string) {
      files.set(name, files.get(name) ?? new Uint8Array(0));
      return {
        async createSyncAccessHandle() {
          return {
            write(buffer: Uint8Array, { at }: { at: number }) {
              const old = files.get(name) ?? new Uint8Array(0);
              const grown = new Uint8Array(Math.max(old.byteLength, at + buffer.byteLength));
              grown.set(old);
              grown.set(buffer, at);
              files.set(name, grown);
              return buffer.byteLength;
            },
            flush() {},
            close() {},
          };
        },
      };
    },
    async removeEntry(name: string) {
      files.delete(name);
    },
  };
  const root = { getDirectoryHandle: async () => staged } as unknown as FileSystemDirectoryHandle;
  return { files, root };
}

function deps(root: FileSystemDirectoryHandle, body: () => Response): StagedBlobWriterDeps {
  return { blobUrlPrefix: PREFIX, fetch: async () => body(), root: async () => root };
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function bytesOf(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 13)) & 255;
  return bytes;
}

describe('writeStagedBlob', () => {
  it('writes every byte of a Blob larger than one block, in order', async () => {
    const { files, root } = fakeRoot();
    const source = bytesOf(2 * STAGE_BLOCK_BYTES + 12_345);
    const written = await writeStagedBlob(
      deps(root, () => new Response(new Blob([source]))),
      { url: `${PREFIX}a`, staged: 'one', size: source.byteLength },
    );
    expect(written).toBe(source.byteLength);
    expect(sha(files.get('one') ?? new Uint8Array(0))).toBe(sha(source));
  });

  it('reads a body that is not a byte stream too', async () => {
    const { files, root } = fakeRoot();
    const source = bytesOf(300_000);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < source.byteLength; at += 65_536)
          controller.enqueue(source.slice(at, at + 65_536));
        controller.close();
      },
    });
    const written = await writeStagedBlob(
      deps(root, () => new Response(chunks)),
      {
        url: `${PREFIX}b`,
        staged: 'two',
        size: source.byteLength,
      },
    );
    expect(written).toBe(source.byteLength);
    expect(sha(files.get('two') ?? new Uint8Array(0))).toBe(sha(source));
  });

  it('refuses a Blob longer than announced and leaves no file', async () => {
    const { files, root } = fakeRoot();
    const write = writeStagedBlob(
      deps(root, () => new Response(new Blob([bytesOf(5000)]))),
      {
        url: `${PREFIX}c`,
        staged: 'three',
        size: 4000,
      },
    );
    await expect(write).rejects.toThrow('files[0].data: the Blob has more than the 4000 bytes it announced');
    expect(files.has('three')).toBe(false);
  });

  it('reads only blob: URLs of the extension itself', async () => {
    const { files, root } = fakeRoot();
    const write = writeStagedBlob(
      deps(root, () => new Response('x')),
      {
        url: 'blob:https://shop.example/x',
        staged: 'four',
        size: 1,
      },
    );
    await expect(write).rejects.toThrow(TypeError);
    expect(files.size).toBe(0);
  });

  it('names a Blob the browser could not read, and leaves no file', async () => {
    const { files, root } = fakeRoot();
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new TypeError('Failed to fetch'));
      },
    });
    const write = writeStagedBlob(
      deps(root, () => new Response(broken)),
      {
        url: `${PREFIX}d`,
        staged: 'five',
        size: 10,
      },
    );
    await expect(write).rejects.toThrow("files[0].data: the page's Blob could not be read");
    expect(files.has('five')).toBe(false);
  });
});
