// Whether a replay may be sent: never from an untrusted workspace, and a credential only to a host the
// user approved (host names are remembered, never tokens). Pure, so both faces and the tests share it.
import { scan } from './scan';

export interface ReplayTarget {
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-ms-token-aad-access-token', 'ocp-apim-subscription-key', 'api-key', 'x-api-key']);

/** True when the request would hand over a credential: an auth header, or a JWT in the URL, a header or the body. */
export function carriesCredential(req: ReplayTarget): boolean {
  if (req.headers.some(([n, v]) => CREDENTIAL_HEADERS.has(n.toLowerCase()) && v.trim() !== '')) return true;
  const texts = [req.url, ...req.headers.map(([, v]) => v), req.body ?? ''];
  return texts.some((t) => scan(t.length > 2_000_000 ? t.slice(0, 2_000_000) : t).length > 0);
}

/** The host a modal names and the setting stores: the URL's host name, lower-case (no port, no path). */
export function hostForApproval(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.hostname ? u.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `host` is in the approved list (entries compared case-insensitively, an optional `:port` ignored). */
export function isApprovedHost(host: string, approved: readonly string[]): boolean {
  const h = host.toLowerCase();
  return approved.some((a) => {
    const e = String(a).trim().toLowerCase();
    if (!e) return false;
    const bare = e.startsWith('[') ? e.replace(/^(\[[^\]]*\])(:\d+)?$/, '$1') : e.replace(/:\d+$/, '');
    return bare === h;
  });
}

/** The approved list with `host` added once (order kept). */
export function withApprovedHost(approved: readonly string[], host: string): string[] {
  return isApprovedHost(host, approved) ? [...approved] : [...approved, host.toLowerCase()];
}

export type ReplayDecision =
  /** Untrusted workspace: nothing is sent (diagnosing a recorded response still works). */
  | { kind: 'refuse-untrusted' }
  /** Not an http(s) URL, or no host. */
  | { kind: 'refuse-url' }
  /** The credential goes to a host not yet approved: ask in a modal naming `host`. */
  | { kind: 'ask'; host: string }
  | { kind: 'send'; host: string };

export function replayDecision(input: { trusted: boolean; request: ReplayTarget; approvedHosts: readonly string[] }): ReplayDecision {
  if (!input.trusted) return { kind: 'refuse-untrusted' };
  const host = hostForApproval(input.request.url);
  if (!host || !/^https?:/i.test(input.request.url.trim())) return { kind: 'refuse-url' };
  if (!carriesCredential(input.request)) return { kind: 'send', host };
  return isApprovedHost(host, input.approvedHosts) ? { kind: 'send', host } : { kind: 'ask', host };
}
