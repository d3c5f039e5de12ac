/**
 * Everything the engine is built with: the ports it is given and the numbers it runs by.
 */
import type { WebSocketConstructor } from '../aria2/ws-transport';
import type { JobStore } from './job-store';
import type { Clock, FetchPort, HostHooks, NetworkCostPort, RandomPort, Timers } from './platform';
import type { FileSaver, UploadStore } from './saving-and-uploads';

export interface EnginePorts extends HostHooks {
  fetch: FetchPort;
  /** Absent: never metered. */
  network?: NetworkCostPort;
  clock: Clock;
  timers: Timers;
  random: RandomPort;
  store: JobStore;
  saver: FileSaver;
  /** For aria2 at a ws:/wss: address (hand-off); without it only http(s) addresses work. */
  WebSocket?: WebSocketConstructor;
  /** Upload jobs' data and replies; without it, creating an upload job fails. */
  uploads?: UploadStore;
}

/** Timing knobs. Production uses the defaults; tests shorten them instead of sleeping. */
export interface EngineTuning {
  /** A connection that receives nothing this long is aborted (30 s). */
  stallTimeoutMs: number;
  /** Per-connection back-off inside one attempt (1 s, 2 s, 4 s), reset after progress. */
  connectionRetryDelaysMs: readonly number[];
  /** Round-robin time slice within one background priority (60 s). */
  timeSliceMs: number;
  /** Chunk size written to storage (1 MiB). */
  chunkBytes: number;
  /** Smallest piece a dynamic split leaves on either side (1 MiB). */
  minSplitBytes: number;
  /** Progress events per job at most this often (500 ms). */
  progressIntervalMs: number;
  /** Files of one job transferred side by side, started in index order (4). */
  filesAtOnce: number;
  /** Files of one job handed to the FileSaver side by side by complete() (4). */
  savesAtOnce: number;
  /**
   * Whether a near, fast server's chunks may be taken whole as Blobs (request-shape.ts). Worth it
   * only where chunks are stored as IndexedDB Blobs; backing files want the bytes themselves.
   */
  wholeChunkBlobs: boolean;
  /** How often a download handed to aria2 is read while it runs (1 s, the most the spec allows). */
  aria2PollMs: number;
  /** An upload's fragments are at most this long (job-model.md `uploadFragmentBytes`, 1 MiB). */
  uploadFragmentBytes: number;
  /**
   * An upload's record is written when the server has acknowledged this many bytes more than it
   * says (and at the last byte): a record per 1 MiB Ack cost Chromium a third of the upload's
   * speed. A run that starts in a session asks the server where it is first (upload-transfer.ts).
   */
  uploadRecordBytes: number;
}
