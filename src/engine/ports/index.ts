/**
 * Everything the engine needs from the outside world, declared in this folder and
 * exported from here, one file per concept (the tus-js-client way).
 * The extension passes browser implementations; Node tests pass real fetch against the test
 * server, a memory or Dexie store, and a hand-driven clock where they need one.
 */
export type * from './platform';
export type * from './records';
export type * from './job-store';
export type * from './saving-and-uploads';
export type * from './engine-ports';
export type * from './job-manager';
