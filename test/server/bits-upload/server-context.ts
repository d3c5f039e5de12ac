import type { FaultQueue } from './fault-queue';
import type { ReplyEntry } from './reply';
import type { SessionTable } from './session-table';
import type { BitsUploadServerOptions, BitsUploadStats, ReplyOptions } from './types';

/** What the request handlers share: the configuration and the server's state. */
export interface ServerContext {
  readonly origin: string;
  readonly options: BitsUploadServerOptions;
  readonly errorHeader: string;
  readonly table: SessionTable;
  readonly faults: FaultQueue;
  readonly stats: BitsUploadStats;
  /** Upload-reply destinations by upload path. */
  readonly replyOptions: Map<string, ReplyOptions>;
  /** Replies ready to be fetched, by their URL path. */
  readonly replies: Map<string, ReplyEntry>;
}
