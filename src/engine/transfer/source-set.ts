/**
 * The sources of one file during one transfer call, and what a failing one means: a source that
 * fails after its connection retries (or serves other bytes) is dropped and its segments go to the
 * others; only when none is left does the file fail (job-model.md, "Mirrors"). The file's own
 * validators are stored with the file; a mirror's live only as long as the call.
 */
import { classifyFailure, type FileLabel } from './classify-failure';
import type { OpenSegment } from './live-segment';
import type { FileRecord } from '../ports';
import { SourceMismatch, newSource, pickSource, sourceOpener, type TransferSource } from './transfer-source';
import { FileChangedSignal } from './transfer-signals';
import { TransferFailure, type FileTransferRequest, type TransferEnv } from './transfer-types';

/** At most this many notices per file: the newest are kept. */
const MAX_NOTICES = 10;

export function addNotice(file: FileRecord, notice: string): FileRecord {
  const notices = (file.notices ?? []).filter((n) => n !== notice);
  return { ...file, notices: [...notices, notice].slice(-MAX_NOTICES) };
}

export interface SourceSet {
  /** The source the probe's body came from. */
  probed(): TransferSource;
  /** The least busy live source; throws the file's failure when none is left. */
  pick(): TransferSource;
  opener(source: TransferSource): OpenSegment;
  /**
   * A connection on `source` ended with `err`: returns when the others can go on (the source is
   * dropped), throws when the file cannot (not a source's fault, or no source left).
   */
  failed(source: TransferSource, err: unknown, signal: AbortSignal): void;
  /** The file record as it is now: the own URL's validators once verified, notices added. */
  file(): FileRecord;
  /** Resolves once every change to the file record is stored (before the file is completed). */
  flush(): Promise<void>;
}

export interface SourceSetContext {
  env: TransferEnv;
  job: FileTransferRequest['job'];
  file: FileRecord;
  label: FileLabel;
  /** Told of every change to the file record, as it is made. */
  onRecord?(file: FileRecord): void;
}

export function createSourceSet(
  ctx: SourceSetContext,
  urls: readonly string[],
  probed: { url: string; etag: string | null; lastModified: string | null } | null,
): SourceSet {
  const { env, job } = ctx;
  let current = ctx.file;
  let writes: Promise<void> = Promise.resolve();
  const persist = (file: FileRecord): void => {
    current = file;
    ctx.onRecord?.(current);
    writes = writes.then(() => env.ports.store.putFile(current)).catch(() => undefined);
  };
  const size = current.bytesTotal;
  const unique = [...new Set(urls)];
  const probedRank = probed === null ? -1 : unique.indexOf(probed.url);
  const sources = unique.map((url, rank) => {
    const own = rank === 0 && url === current.url;
    const source = own
      ? newSource(url, rank, { size, etag: current.etag, lastModified: current.lastModified }, true)
      : newSource(url, rank, { size, etag: null, lastModified: null }, false);
    if (own && current.urlChanged === true) {
      // A link changed by setFileUrl must show it serves the same file before its bytes count.
      source.verified = false;
      source.expectedEtag = current.etag;
    }
    if (probed?.url === url) {
      source.validators = { size, etag: probed.etag, lastModified: probed.lastModified };
      source.verified = true;
    } else if (rank < probedRank) {
      source.alive = false; // it failed the probe already
    }
    return source;
  });
  const openers = new Map<TransferSource, OpenSegment>();
  const failures: TransferFailure[] = [];

  const onVerified = (source: TransferSource, finalUrl: string): void => {
    if (source.rank !== 0 || source.url !== current.url) return;
    const { etag, lastModified } = source.validators;
    persist({ ...current, etag, lastModified, finalUrl, urlChanged: false });
  };

  /** What the file fails with when no source is left: a transient failure if any (it may recover). */
  const fileFailure = (): unknown => {
    const transient = failures.find((f) => f.transient);
    if (transient) return transient;
    if (failures[0]) return failures[0];
    const detail = 'no source serves the file any more';
    return new TransferFailure(classifyFailure({ kind: 'invalid-response', detail }, ctx.label).error, false);
  };

  return {
    probed: () => sources.find((s) => s.url === probed?.url) ?? (sources[0] as TransferSource),
    pick() {
      const source = pickSource(sources);
      if (source === null) throw fileFailure();
      return source;
    },
    opener(source) {
      let open = openers.get(source);
      if (!open) openers.set(source, (open = sourceOpener({ env, job }, source, onVerified)));
      return open;
    },
    failed(source, err, signal) {
      if (signal.aborted) throw err;
      const own = source.rank === 0 && source.url === current.url;
      if (err instanceof SourceMismatch) {
        if (own) {
          const what = err.reason.replace(/^it /, '');
          const notice = `The new link of ${describe(ctx.label)} ${what}: the file started again from 0.`;
          throw new FileChangedSignal(`the new link ${what}`, notice);
        }
        persist(addNotice(current, `Mirror ${source.url} was skipped: ${err.reason}.`));
      } else if (err instanceof TransferFailure && err.error.context !== 'local-file') {
        // The network or the server failed; a full disk is no source's fault (thrown below).
        failures.push(err);
      } else if (!(err instanceof FileChangedSignal) || own) {
        throw err; // storage full, the file's own URL changed, a bug: not a source's fault
      }
      source.alive = false;
      if (!sources.some((s) => s.alive)) throw fileFailure();
    },
    file: () => current,
    flush: () => writes,
  };
}

function describe(label: FileLabel): string {
  return label.name ?? label.url;
}
