/** The storage layer: the database, the JobStore implementations and chunk data access. */
export {
  applySchemaVersions,
  DB_NAME,
  LATEST_SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  WebBitsDb,
  type ChunkKey,
  type FileKey,
  type JobKey,
  type SchemaVersion,
  type SegmentKey,
  type WebBitsDbOptions,
} from './db';
export { DexieJobStore, isBrowserContext, type DexieJobStoreOptions } from './dexie-store';
export { MemoryJobStore, type MemoryJobStoreOptions } from './memory-store';
export { chunkSize, compactBytes, readChunkBytes, toStoredChunkData } from './chunk-data';
export { MissingSegmentError, normalizeStorageError, QUOTA_EXCEEDED, quotaExceeded } from './store-errors';
