import { describeJobStoreContract } from './job-store-contract';
import { MemoryJobStore } from './memory-store';

describeJobStoreContract('MemoryJobStore', async (options) => ({
  store: new MemoryJobStore(options?.quotaBytes === undefined ? {} : { quotaBytes: options.quotaBytes }),
  close: async () => {},
}));
