/**
 * Test doubles for driving the Engine at full speed: a hand-moved clock and timers, a scripted
 * per-file transfer and a recording saver. Used by the engine's unit tests only.
 */
import { MemoryJobStore } from '../../../src/store/memory-store';
import type {
  Clock,
  EnginePorts,
  FileRecord,
  FileSaver,
  SaveRequest,
  TimerHandle,
  Timers,
} from '../../../src/engine/ports';
import type {
  FileTransferRequest,
  TransferEnv,
  TransferFile,
} from '../../../src/engine/transfer/transfer-types';

/** Lets every pending promise callback run (no time passes). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ManualTime implements Clock, Timers {
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private nextId = 1;

  constructor(public time = 1_700_000_000_000) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order and letting their effects settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** One call of the scripted transfer, for the test to finish, fail or feed. */
export interface TransferCall {
  file: FileRecord;
  request: FileTransferRequest;
  env: TransferEnv;
  /** Reports bytes (cumulative for the file) and, the first time, the first byte. */
  progress(bytes: number, total?: number | null): void;
  /** Stores the file as complete with `size` bytes (one chunk) and resolves the transfer. */
  finish(size?: number): Promise<void>;
  fail(reason: unknown): void;
  readonly aborted: boolean;
}

export interface ScriptedTransfer {
  transferFile: TransferFile;
  calls: TransferCall[];
  /** Finish every call at once with this size (instead of waiting for the test). */
  autoFinish: number | null;
}

export function scriptedTransfer(store: MemoryJobStore): ScriptedTransfer {
  const script: ScriptedTransfer = {
    calls: [],
    autoFinish: null,
    transferFile: null as unknown as TransferFile,
  };
  script.transferFile = (env, request) =>
    new Promise<FileRecord>((resolve, reject) => {
      let transferring = false;
      const call: TransferCall = {
        file: request.file,
        request,
        env,
        get aborted() {
          return request.signal.aborted;
        },
        progress(bytes, total = null) {
          if (!transferring) {
            transferring = true;
            request.onTransferring();
          }
          request.onProgress(bytes, total);
        },
        async finish(size = 100) {
          const { jobId, index } = request.file;
          call.progress(size, size);
          await store.replaceSegments(jobId, index, [
            { jobId, fileIndex: index, start: 0, end: size, pos: 0 },
          ]);
          await store.appendChunk({ jobId, fileIndex: index, offset: 0, data: new Uint8Array(size) }, 0);
          const done: FileRecord = { ...request.file, bytesTotal: size, completed: true, resumable: true };
          await store.putFile(done);
          resolve(done);
        },
        fail: reject,
      };
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      script.calls.push(call);
      if (script.autoFinish !== null) void call.finish(script.autoFinish);
    });
  return script;
}

export class RecordingSaver implements FileSaver {
  readonly saved: SaveRequest[] = [];
  /** Set to make the next saves fail. */
  failWith: Error | null = null;

  async save(request: SaveRequest): Promise<{ localPath: string }> {
    if (this.failWith) throw this.failWith;
    this.saved.push(request);
    return { localPath: request.path };
  }
}

export interface Harness {
  ports: EnginePorts;
  time: ManualTime;
  store: MemoryJobStore;
  saver: RecordingSaver;
  wakeAt: (number | null)[];
  active: boolean[];
}

export function harness(store = new MemoryJobStore()): Harness {
  const time = new ManualTime();
  const saver = new RecordingSaver();
  let n = 0;
  const wakeAt: (number | null)[] = [];
  const active: boolean[] = [];
  const ports: EnginePorts = {
    fetch: () => Promise.reject(new Error('no network in engine unit tests')),
    clock: time,
    timers: time,
    random: {
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      int32: () => 4242,
    },
    store,
    saver,
    onWakeAt: (at) => wakeAt.push(at),
    onActiveChange: (on) => active.push(on),
  };
  return { ports, time, store, saver, wakeAt, active };
}
