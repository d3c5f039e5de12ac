/**
 * The options' "aria2 RPC address" (ui.md), checked before anything is sent to it: the secret
 * travels with every call, so it must only ever go to an address the person typed and we checked.
 */

export const ADDRESS_FIELD = 'aria2 RPC address';

export interface RpcAddress {
  /** The normalized URL every call goes to, without a fragment. */
  href: string;
  /** `http` for http:/https: (JSON-RPC over HTTP POST), `ws` for ws:/wss: (WebSocket). */
  transport: 'http' | 'ws';
}

/** Throws a TypeError naming the field; an empty address means "aria2 off" and is the caller's case. */
export function parseRpcAddress(raw: string): RpcAddress {
  const text = raw.trim();
  if (text === '') throw new TypeError(`${ADDRESS_FIELD}: empty (aria2 is off)`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`${ADDRESS_FIELD}: not a valid absolute URL, e.g. http://127.0.0.1:6800/jsonrpc`);
  }
  const transport = transportOf(url.protocol);
  if (transport === null) {
    throw new TypeError(`${ADDRESS_FIELD}: must start with http:, https:, ws: or wss:`);
  }
  // fetch refuses URLs with credentials, and aria2's own user/password login is deprecated in favour
  // of the secret: a name or password here would be a second, unsafe place for it.
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`${ADDRESS_FIELD}: must not contain a user name or password; use "aria2 secret"`);
  }
  url.hash = '';
  return { href: url.href, transport };
}

function transportOf(protocol: string): RpcAddress['transport'] | null {
  if (protocol === 'http:' || protocol === 'https:') return 'http';
  if (protocol === 'ws:' || protocol === 'wss:') return 'ws';
  return null;
}
