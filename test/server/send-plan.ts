import type { ServerResponse } from 'node:http';
import { isClosed, writeBody } from './body-writer';
import { contentChunks } from './content';
import type { ResponsePlan } from './response-plan';

export interface SendContext {
  seed: number;
  bytesPerSecond: () => number | null;
  /** See BodyWriteOptions.flushCounter. */
  flushCounter: () => (bytes: number) => void;
}

/** Carries out a response plan on the wire, faults included; resolves when the response is over. */
export async function sendPlan(res: ServerResponse, plan: ResponsePlan, context: SendContext): Promise<void> {
  res.writeHead(plan.status, plan.headers);
  if (plan.body === null) {
    res.end(plan.text ?? undefined);
    return;
  }
  const outcome = await writeBody(res, {
    chunks: contentChunks(context.seed, plan.body.start, plan.body.end),
    stopAfter: plan.stopAfter,
    bytesPerSecond: context.bytesPerSecond,
    flushCounter: context.flushCounter,
  });
  if (outcome === 'closed') return;
  const socket = res.socket;
  switch (plan.ending) {
    case 'end':
      res.end();
      return;
    case 'reset':
      socket?.resetAndDestroy();
      return;
    case 'close':
      // FIN after the flushed bytes: the client sees the body end before its announced length.
      socket?.end();
      return;
    case 'stall':
      if (!isClosed(res)) await new Promise<void>((resolve) => res.once('close', () => resolve()));
      return;
  }
}
