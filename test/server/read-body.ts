import { createHash } from 'node:crypto';

/** What a client got from a response body: the bytes that arrived, and the error that ended it, if any. */
export interface ReadResult {
  bytes: Buffer;
  error: Error | null;
}

export async function readBody(response: Response): Promise<ReadResult> {
  const parts: Uint8Array[] = [];
  let error: Error | null = null;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
      }
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
  }
  return { bytes: Buffer.concat(parts), error };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A header the test needs to be present. */
export function requiredHeader(response: Response, name: string): string {
  const value = response.headers.get(name);
  if (value === null) throw new Error(`The response has no ${name} header`);
  return value;
}

export function bodyReader(response: Response): ReadableStreamDefaultReader<Uint8Array> {
  if (!response.body) throw new Error('The response has no body');
  return response.body.getReader();
}
