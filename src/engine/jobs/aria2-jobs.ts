/**
 * Jobs handed to aria2 (job-model.md "Hand-off to aria2"): the addUri call that hands one over,
 * the pause/unpause/remove its controls become, and the mirroring that makes its state, progress
 * and file follow aria2's download. A handed-off job never takes a transfer slot; the engine asks
 * this class instead of the runner. Its client is the configured one (aria2-connection.ts): a job
 * handed to another address is never sent the current secret.
 */
import { BitsError } from '../bits-codes';
import type { Aria2Client, Aria2StatusKey } from '../aria2/aria2-client';
import { Aria2Error, isAria2Error } from '../aria2/aria2-error';
import { aria2FailureToJobError, type Aria2Failure } from '../aria2/aria2-failure';
import { aria2JobUpdate } from '../aria2/aria2-job-update';
import { handOffOptions, MAX_ARIA2_CONNECTIONS } from '../aria2/hand-off-options';
import { ARIA2_ERROR_CODE, ARIA2_ERROR_HRESULT } from '../aria2/status-to-job';
import type { EnginePorts, JobRecord, TimerHandle } from '../ports';
import type { Aria2Link, JobState, Settings } from '../types';
import { outcomeOfFailure } from './failure-outcome';
import type { JobRecords } from './job-records';
import { quietly } from './job-runner';
import { Aria2Connection, callError } from './aria2-connection';

/** Read while aria2 may be moving: "tellStatus at most once a second while it runs". */
const POLLED: ReadonlySet<JobState> = new Set(['QUEUED', 'CONNECTING', 'TRANSFERRING']);
/** Also read when a WebSocket notification names the gid (paused or unpaused in aria2 itself). */
const NOTIFIED: ReadonlySet<JobState> = new Set([...POLLED, 'SUSPENDED']);
const STATUS_KEYS: Aria2StatusKey[] = [
  'totalLength',
  'completedLength',
  'downloadSpeed',
  'errorCode',
  'errorMessage',
  'files',
];

export interface Aria2JobsDeps {
  ports: Pick<EnginePorts, 'fetch' | 'WebSocket' | 'timers' | 'clock' | 'store' | 'onFollowingChange'>;
  records: JobRecords;
  settings(): Settings;
  /** How often running downloads are read (1 s). */
  pollMs: number;
  /** A job changed state on its own (the engine re-arms its retry timer). */
  changed(): void;
}

export class Aria2Jobs {
  private readonly connection: Aria2Connection;
  private timer: TimerHandle | null = null;
  private running = false;
  private following = false;
  private readonly reading = new Set<string>();
  /** Bumped by every control call, so that an answer read before it is not applied after it. */
  private readonly epochs = new Map<string, number>();

  constructor(private readonly deps: Aria2JobsDeps) {
    this.connection = new Aria2Connection(deps.ports, deps.settings, (gid) => this.notified(gid));
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.deps.ports.timers.clearTimeout(this.timer);
    this.timer = null;
    this.connection.drop();
    this.report(false);
  }

  /** The options changed: the next call makes a client for the new address and secret. */
  configure(): void {
    this.connection.configure();
    this.kick();
  }

  /**
   * addUri for the job's one file, then the job follows the download: the bytes WebBITS holds are
   * dropped (aria2 starts the file itself) and the gid and address go into the record.
   */
  async handOff(job: JobRecord, cookie: string | null): Promise<void> {
    const { records, ports } = this.deps;
    const [file] = records.filesOf(job.id);
    if (!file) throw new BitsError('BG_E_EMPTY', 'handOff: the job has no files');
    const { href, aria2 } = this.connection.connect();
    const [uris, options] = handOffOptions({
      url: file.url,
      mirrors: file.mirrors ?? [],
      cookie,
      referer: job.referrer,
      headers: job.headers,
      fileName: file.name,
      sha256: file.sha256,
      connections: Math.min(this.deps.settings().connectionsPerFile, MAX_ARIA2_CONNECTIONS),
    });
    this.bump(job.id);
    let gid: string;
    try {
      gid = await aria2.addUri(uris, options);
    } catch (error) {
      throw callError(error, href);
    }
    await records.write(() => ports.store.deleteFileData(job.id, file.index));
    records.setBytes(job.id, file.index, 0);
    const now = ports.clock.now();
    const link = { address: href, gid };
    await records.change(job, {
      aria2: link,
      state: 'QUEUED',
      error: null,
      retryAt: null,
      firstTransientErrorAt: null,
      queuedAt: now,
    });
    this.kick();
  }

  async suspend(job: JobRecord, link: Aria2Link): Promise<void> {
    this.bump(job.id);
    const pause = this.control(link, (aria2) => aria2.pause(link.gid));
    // A job waiting for its retry (aria2 unreachable, the secret refused) stops retrying whether
    // or not aria2 can be told now; Resume unpauses it if it was.
    if (POLLED.has(job.state)) await pause;
    else await pause.catch(() => undefined);
  }

  async resume(job: JobRecord, link: Aria2Link): Promise<void> {
    this.bump(job.id);
    if (job.state === 'SUSPENDED') await this.control(link, (aria2) => aria2.unpause(link.gid));
  }

  /** aria2.remove, then its result: never fails, so that a job whose daemon is gone can go too. */
  async cancel(job: JobRecord, link: Aria2Link): Promise<void> {
    this.bump(job.id);
    try {
      const { aria2 } = this.connection.connectFor(link);
      await aria2.remove(link.gid).catch((error: unknown) => {
        if (!isAria2Error(error) || error.kind !== 'rpc') throw error;
      });
      await aria2.removeDownloadResult(link.gid).catch(() => undefined);
    } catch (error) {
      console.warn(`WebBITS could not remove ${link.gid} from aria2`, messageOf(error));
    }
  }

  /** Reads the job's download soon (a resume, a retry that came due). */
  kick(): void {
    // No timer while no download is followed: an idle engine arms nothing.
    const followed = this.running && this.followed().length > 0;
    this.report(followed);
    if (!followed) return;
    if (this.timer !== null) this.deps.ports.timers.clearTimeout(this.timer);
    this.timer = this.deps.ports.timers.setTimeout(() => this.poll(), 0);
  }

  private poll(): void {
    this.timer = null;
    if (!this.running) return;
    const followed = this.followed();
    this.report(followed.length > 0);
    if (followed.length === 0) return;
    void Promise.all(followed.map((job) => this.refresh(job))).finally(() => {
      if (this.running && this.timer === null) {
        this.timer = this.deps.ports.timers.setTimeout(() => this.poll(), this.deps.pollMs);
      }
    });
  }

  private followed(): JobRecord[] {
    return this.deps.records.all().filter((job) => job.aria2 !== null && POLLED.has(job.state));
  }

  private async refresh(job: JobRecord): Promise<void> {
    const link = job.aria2;
    if (link === null || this.reading.has(job.id)) return;
    this.reading.add(job.id);
    const epoch = this.epochs.get(job.id) ?? 0;
    const current = (): boolean =>
      this.deps.records.get(job.id) === job &&
      job.aria2 === link &&
      NOTIFIED.has(job.state) &&
      (this.epochs.get(job.id) ?? 0) === epoch;
    try {
      const { aria2 } = this.connection.connectFor(link);
      const status = await aria2.tellStatus(link.gid, STATUS_KEYS);
      if (status.gid !== link.gid) {
        throw new Aria2Error('bad-answer', `aria2 answered for download ${status.gid}, not ${link.gid}`);
      }
      if (current()) await this.apply(job, link, status);
    } catch (error) {
      if (current()) await this.fail(job, link, error);
    } finally {
      this.reading.delete(job.id);
    }
  }

  private async apply(job: JobRecord, link: Aria2Link, status: Parameters<typeof aria2JobUpdate>[2]) {
    const { records, ports } = this.deps;
    const [file] = records.filesOf(job.id);
    if (!file) return;
    const update = aria2JobUpdate(job, file, status, ports.clock.now());
    // Bytes arrived: the no-progress window closes, as for the engine's own transfers.
    if (update.bytes > records.bytesOf(job.id, 0)) job.firstTransientErrorAt = null;
    records.setBytes(job.id, 0, update.bytes);
    const next = update.file;
    if (next !== null) {
      records.setFiles(job.id, [next]);
      await records.write(() => ports.store.putFile(structuredClone(next)));
    }
    if (Object.keys(update.job).length > 0 || next !== null) await records.change(job, update.job);
    else records.emit(job.id, 'progress');
    if (update.job.state === 'ACKNOWLEDGED' || update.job.state === 'CANCELLED') {
      // Nothing more to follow: aria2 need not remember it.
      quietly(this.connection.connectFor(link).aria2.removeDownloadResult(link.gid));
    }
    if (update.job.state !== undefined) this.deps.changed();
  }

  private async fail(job: JobRecord, link: Aria2Link, error: unknown): Promise<void> {
    const failure: Aria2Failure = isAria2Error(error)
      ? aria2FailureToJobError(error, link.address)
      : { transient: false, error: aria2JobError(messageOf(error)) };
    const outcome = outcomeOfFailure(job, { ...failure, retryAfterMs: null }, this.deps.ports.clock.now());
    await this.deps.records.change(job, outcome);
    this.deps.changed();
  }

  private async control(link: Aria2Link, call: (aria2: Aria2Client) => Promise<unknown>): Promise<void> {
    const { aria2, href } = this.connection.connectFor(link);
    try {
      await call(aria2);
    } catch (error) {
      // "cannot be paused now" and the like: aria2 is already where it should be, or finished;
      // the next reading tells.
      if (isAria2Error(error) && error.kind === 'rpc') return;
      throw callError(error, href);
    }
  }

  private notified(gid: string): void {
    const job = this.deps.records.all().find((candidate) => candidate.aria2?.gid === gid);
    if (job && NOTIFIED.has(job.state)) void this.refresh(job);
  }

  private report(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.deps.ports.onFollowingChange?.(following);
  }

  private bump(id: string): void {
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function aria2JobError(message: string): Aria2Failure['error'] {
  return {
    code: ARIA2_ERROR_CODE,
    hresult: ARIA2_ERROR_HRESULT,
    context: 'transport',
    message,
    fileIndex: null,
    httpStatus: null,
  };
}
