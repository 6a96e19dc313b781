// Whether a replay may be sent, and where a credential may go. Pure, so both faces and the tests share it.
// - Nothing is sent from an untrusted workspace.
// - Every request goes only to an origin (scheme, host and port) the user approved, whatever it carries:
//   a token can hide anywhere (`X-Trace: a{{token}}`, a body file, an API key), so no pattern decides.
// - A credential never travels over plain http, except to loopback.
// Origins are remembered, never tokens.
import { parseUrl } from './audiences';
import { scan } from './scan';

export interface ReplayTarget {
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
  /** Values the request is known to carry as credentials (the token sent, variable values that resolve to one). */
  secrets?: readonly string[];
}

/** Header names whose value is a credential. Lookups go through `has` (a Set: no prototype members). */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-ms-token-aad-access-token',
  'x-ms-token-aad-id-token',
  'ocp-apim-subscription-key',
  'api-key',
  'x-api-key',
  'x-functions-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
]);

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
}

/** True when the request hands over a credential: a credential header, a known secret value, or a JWT anywhere. */
export function carriesCredential(req: ReplayTarget): boolean {
  if (req.headers.some(([n, v]) => isCredentialHeader(n) && v.trim() !== '')) return true;
  const texts = [req.url, ...req.headers.flatMap(([n, v]) => [n, v]), req.body ?? ''];
  const secrets = (req.secrets ?? []).filter((s) => s.length > 0);
  if (secrets.some((s) => texts.some((t) => t.includes(s) || t.includes(encodeURIComponent(s))))) return true;
  return texts.some((t) => scan(t).length > 0);
}

/** Host names that reach this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `scheme://host[:port]` of an http(s) URL (default ports left out, host lower-case), or undefined. */
export function originOf(url: string): string | undefined {
  const u = parseUrl(url.trim());
  if (!u) return undefined;
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) return undefined;
  return u.origin;
}

/**
 * The origin an approval entry stands for: a full origin (`https://host:8443`), or a bare host name
 * (an approval from before origins), which stands for `https://host` only.
 */
export function approvalOrigin(entry: unknown): string | undefined {
  if (typeof entry !== 'string') return undefined;
  const e = entry.trim();
  if (!e) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) {
    const o = originOf(e);
    // An entry is an origin: a path, query or userinfo makes it something else, refused.
    return o && parseUrl(e)?.href.replace(/\/$/, '') === o ? o : undefined;
  }
  if (/[/?#@\s]/.test(e)) return undefined;
  return originOf(`https://${e}`);
}

/** Whether `origin` is in the approved list. */
export function isApprovedOrigin(origin: string, approved: readonly unknown[]): boolean {
  const o = originOf(origin);
  return !!o && approved.some((a) => approvalOrigin(a) === o);
}

/** The approved list with `origin` added once (order kept). */
export function withApprovedOrigin(approved: readonly string[], origin: string): string[] {
  const o = originOf(origin);
  if (!o || isApprovedOrigin(o, approved)) return [...approved];
  return [...approved, o];
}

/** True when sending `req` would put a credential on the wire in clear text (plain http to a non-loopback host). */
export function isCleartextCredential(req: ReplayTarget): boolean {
  const u = parseUrl(req.url.trim());
  return !!u && u.protocol === 'http:' && !isLoopbackHost(u.hostname) && carriesCredential(req);
}

export type ReplayDecision =
  /** Untrusted workspace: nothing is sent (diagnosing a recorded response still works). */
  | { kind: 'refuse-untrusted' }
  /** Not an http(s) URL, or no host. */
  | { kind: 'refuse-url' }
  /** A credential over plain http to a host that is not loopback. */
  | { kind: 'refuse-cleartext'; origin: string }
  /** The origin is not approved yet: ask, naming `origin`. */
  | { kind: 'ask'; origin: string; credential: boolean }
  | { kind: 'send'; origin: string };

export function replayDecision(input: { trusted: boolean; request: ReplayTarget; approved: readonly unknown[] }): ReplayDecision {
  if (!input.trusted) return { kind: 'refuse-untrusted' };
  const origin = originOf(input.request.url);
  if (!origin) return { kind: 'refuse-url' };
  if (isCleartextCredential(input.request)) return { kind: 'refuse-cleartext', origin };
  if (isApprovedOrigin(origin, input.approved)) return { kind: 'send', origin };
  return { kind: 'ask', origin, credential: carriesCredential(input.request) };
}

/** What a redirect to another origin may do (both senders follow this one rule). */
export type CrossOriginHop =
  | { kind: 'blocked'; why: string }
  | { kind: 'follow'; headers: Array<[string, string]>; dropped: string[] };

/**
 * A redirect from `from` to `to`, another origin: never from https to http, never with a body, only to
 * an origin already approved, and without any credential header or header holding a credential value
 * (`secrets`, or a JWT anywhere in it).
 */
export function crossOriginHop(input: {
  from: URL;
  to: URL;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string | undefined;
  secrets: readonly string[];
  approved: (origin: string) => boolean;
}): CrossOriginHop {
  if (input.from.protocol === 'https:' && input.to.protocol === 'http:') return { kind: 'blocked', why: 'it leaves https for plain http' };
  if (input.body !== undefined && input.body !== '') return { kind: 'blocked', why: 'another origin, and the request body is never re-sent across origins' };
  if (!input.approved(input.to.origin)) return { kind: 'blocked', why: `${input.to.origin} is another origin, not approved (replay a request to it to approve it)` };
  const holdsSecret = (v: string) => scan(v).length > 0 || input.secrets.some((x) => x.length > 0 && v.includes(x));
  const keep = (n: string, v: string) => !isCredentialHeader(n) && n.toLowerCase() !== 'host' && !holdsSecret(v);
  return {
    kind: 'follow',
    headers: input.headers.filter(([n, v]) => keep(n, v)).map(([n, v]) => [n, v]),
    dropped: input.headers.filter(([n, v]) => !keep(n, v)).map(([n]) => n),
  };
}
