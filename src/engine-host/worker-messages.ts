/**
 * Messages between the engine host's worker and the document that started it (Chrome's offscreen
 * document, Firefox's background page). Only these two talk this way; a File crosses here (its
 * structured clone is a reference to the disk-backed file, not a copy), never a runtime message.
 */
import type { HostCallResult, HostEvent } from '../shared/engine-host-api';

export type DocumentToWorker =
  | { type: 'call'; id: number; message: unknown }
  | { type: 'saved'; id: number; ok: true; localPath: string }
  | { type: 'saved'; id: number; ok: false; message: string };

export type WorkerToDocument =
  | { type: 'result'; id: number; result: HostCallResult }
  | { type: 'event'; event: HostEvent }
  | { type: 'save'; id: number; path: string; jobId: string; fileIndex: number; file: Blob };
