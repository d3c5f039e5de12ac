/**
 * One session per relay port (one frame of one tab) or bridge port (one page port of a bridge
 * frame). The origin is fixed when the port connects (bridge-origin.ts); requests run through the per-origin gate, WMP calls
 * in the order the page made them; job changes and the WMP mirror are pushed to the sessions of the
 * job's origin only.
 */
import type { JobInfo } from '../../engine/types';
import {
  BRIDGE_METHODS,
  MAX_REQUEST_CHARS,
  carriesData,
  isPassedErrorName,
  type BackgroundToRelay,
  type ErrorPayload,
  type PageMethod,
} from '../../shared/page-protocol';
import { readPageRequest } from '../../shared/page-schemas';
import type { PortSender } from './bridge-origin';
import type { OriginGate } from './origin-gate';
import { handlePageRequest, mirrorSnapshot, type PageRequestDeps } from './page-request-handler';

/**
 * `relay`: the isolated-world content script's port; `bridge`: the bridge frame's, the only one
 * that may send the bridge's own methods and a createJob with staged data.
 */
export type PortKind = 'relay' | 'bridge';

export interface PagePort {
  name: string;
  sender?: PortSender;
  postMessage(message: BackgroundToRelay): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** Calls that must apply in the order the page made them: the WMP objects are synchronous. */
const ORDERED: readonly PageMethod[] = ['createCollection', 'startDownload', 'removeItem'];
/** Calls that never touch the engine or the prompt queue beyond one shared promise. */
const UNGATED: readonly PageMethod[] = ['subscribe', 'requestAccess'];

export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof Error && isPassedErrorName(error.name)) {
    return { name: error.name, message: error.message };
  }
  if (error instanceof Error) return { name: 'Error', message: error.message };
  return { name: 'Error', message: 'the call failed' };
}

interface Session {
  port: PagePort;
  origin: string | null;
  kind: PortKind;
  events: boolean;
  mirror: boolean;
  lane: Promise<unknown>;
  /** A snapshot being made for this session: repeated subscriptions share it. */
  snapshot: Promise<unknown> | null;
}

export interface PageSessions {
  /** `origin`: from originOfBridgePort; null refuses every call with NotAllowedError. */
  accept(port: PagePort, origin: string | null, kind?: PortKind): void;
  pushJob(info: JobInfo): void;
  pushRemoved(owner: string, id: string): void;
  /** Sends the whole mirror again to the origin's WMP sessions (after consent was granted). */
  pushMirror(origin: string): Promise<void>;
  /** Sends the collections' membership to the origin's WMP sessions. */
  pushCollections(origin: string): Promise<void>;
}

export function createPageSessions(deps: PageRequestDeps & { gate: OriginGate }): PageSessions {
  const byOrigin = new Map<string, Set<Session>>();
  const post = (session: Session, message: BackgroundToRelay): void => {
    try {
      session.port.postMessage(message);
    } catch {
      // The frame went away between the change and the push.
    }
  };
  const sessionsOf = (origin: string): Session[] => [...(byOrigin.get(origin) ?? [])];

  const handle = async (session: Session, message: unknown): Promise<void> => {
    const request = readPageRequest(message);
    if (!request) return; // not ours to answer: the bridge sends nothing else
    const { id, method, args } = request;
    try {
      if (
        session.kind === 'relay' &&
        (BRIDGE_METHODS.includes(method as never) || carriesData(method, args))
      ) {
        // Only the bridge makes staged references: a page cannot write one itself.
        throw new TypeError(
          carriesData(method, args) ? 'files[0].data: must be a Blob or File' : 'request: unknown method',
        );
      }
      if (JSON.stringify(args ?? null).length > MAX_REQUEST_CHARS) {
        throw new TypeError(`request: larger than ${MAX_REQUEST_CHARS} characters`);
      }
      const run = (): Promise<unknown> => handlePageRequest(session.origin, method, args, deps);
      let value: unknown;
      if (method === 'subscribe') {
        session.snapshot ??= run().finally(() => (session.snapshot = null));
        value = await session.snapshot;
      } else if (UNGATED.includes(method) || session.origin === null) {
        value = await run();
      } else if (ORDERED.includes(method)) {
        const origin = session.origin;
        const result = session.lane.then(() => deps.gate.run(origin, run));
        session.lane = result.catch(() => undefined);
        value = await result;
      } else {
        value = await deps.gate.run(session.origin, run);
      }
      if (method === 'subscribe') {
        const mirror = (args as { mirror?: unknown } | null)?.mirror === true;
        session.events = true;
        session.mirror ||= mirror;
      }
      post(session, { kind: 'response', id, ok: true, value: value ?? null });
    } catch (error) {
      post(session, { kind: 'response', id, ok: false, error: errorPayload(error) });
    }
  };

  return {
    accept(port, origin, kind = 'bridge') {
      const session: Session = {
        port,
        origin,
        kind,
        events: false,
        mirror: false,
        lane: Promise.resolve(),
        snapshot: null,
      };
      if (session.origin !== null) {
        let set = byOrigin.get(session.origin);
        if (!set) byOrigin.set(session.origin, (set = new Set()));
        set.add(session);
      }
      port.onMessage.addListener((message) => void handle(session, message));
      port.onDisconnect.addListener(() => {
        if (session.origin === null) return;
        const set = byOrigin.get(session.origin);
        set?.delete(session);
        if (set?.size === 0) byOrigin.delete(session.origin);
      });
    },
    pushJob(info) {
      for (const session of sessionsOf(info.owner)) {
        if (session.events) post(session, { kind: 'jobchange', job: info });
      }
    },
    pushRemoved(owner, id) {
      for (const session of sessionsOf(owner)) {
        if (session.events) post(session, { kind: 'jobremoved', id });
      }
    },
    async pushMirror(origin) {
      const targets = sessionsOf(origin).filter((s) => s.mirror);
      if (targets.length === 0) return;
      const snapshot = await mirrorSnapshot(origin, deps);
      for (const session of targets) post(session, { kind: 'mirror', ...snapshot });
    },
    async pushCollections(origin) {
      const targets = sessionsOf(origin).filter((s) => s.mirror);
      if (targets.length === 0) return;
      const collections = await deps.collections.list(origin);
      for (const session of targets) post(session, { kind: 'collections', collections });
    },
  };
}
