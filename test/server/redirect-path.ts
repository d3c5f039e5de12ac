/**
 * A redirect chain is a series of paths `/__redirect/<hops left>/<target path>`; each answers 302
 * to the next one, the last to the target itself.
 */
const PREFIX = '/__redirect/';

export function redirectPath(hopsLeft: number, target: string): string {
  return `${PREFIX}${hopsLeft}${target.startsWith('/') ? target : `/${target}`}`;
}

/** The hop a redirect path stands for, or null when the path is not one. */
export function parseRedirectPath(path: string): { hopsLeft: number; target: string } | null {
  if (!path.startsWith(PREFIX)) return null;
  const rest = path.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const hopsLeft = Number(rest.slice(0, slash));
  if (!Number.isInteger(hopsLeft) || hopsLeft < 1) return null;
  return { hopsLeft, target: rest.slice(slash) };
}

/** Where a redirect hop points next. */
export function nextHopLocation(hop: { hopsLeft: number; target: string }): string {
  return hop.hopsLeft > 1 ? redirectPath(hop.hopsLeft - 1, hop.target) : hop.target;
}
