/**
 * Site access (Firefox MV3 host permissions are the person's to withdraw; Chrome can limit them
 * too): the match pattern that covers an origin, as `permissions.contains` and
 * `permissions.request` take it. Match patterns carry no port, so one covers every port of a host.
 */
export function accessPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The host (with port) a person recognises, for messages. */
export const originHost = (origin: string): string => new URL(origin).host;
