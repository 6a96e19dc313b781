// The one step that turns a request found in a document (a HAR entry, a curl line, a resolved .http
// request) into what is sent, shared by `jwt-mfa diagnose --send` and the editor's "Replay Request &
// Diagnose". Redirects follow the source's own semantics: curl follows only with -L (as curl does),
// REST Client and a browser's HAR follow. Also lists the values that must never be shown (secrets).
import type { DiagnoseRequest } from './diagnose';
import type { ExchangeRequest } from './http/exchange';
import { isCredentialHeader } from './replayPolicy';
import { parseUrl } from './audiences';
import { scan } from './scan';

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/** What goes on the wire. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

export interface PreparedSend {
  /** What the diagnosis is told about the request (headers as sent). */
  request: DiagnoseRequest;
  send: OutgoingRequest;
  /** Follow redirects (still only within the rules of `send`: never a credential to another origin). */
  followRedirects: boolean;
  /** Credential values the request carries, whatever their shape: redacted wherever they would be shown. */
  secrets: string[];
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'accept-encoding']);

/** Headers for a replay: no HTTP/2 pseudo-headers or hop-by-hop ones; `token` replaces Authorization. */
export function replayHeaders(headers: HeaderPairs, token?: string): Array<[string, string]> {
  const out: Array<[string, string]> = headers.filter(([n]) => !n.startsWith(':') && !HOP_BY_HOP.has(n.toLowerCase())).map(([n, v]) => [n, v]);
  if (token) {
    const rest = out.filter(([n]) => n.toLowerCase() !== 'authorization');
    rest.push(['Authorization', `Bearer ${token}`]);
    return rest;
  }
  return out;
}

/** The bearer credential of an Authorization header, as sent. */
export function bearerOf(headers: HeaderPairs | undefined): string | undefined {
  const v = headers?.find(([n]) => n.toLowerCase() === 'authorization')?.[1].trim();
  return v && /^bearer\s/i.test(v) ? v.slice(6).trim() : undefined;
}

/**
 * The credential values a request carries: each credential header's value (and its part after an
 * auth scheme), every JWT found anywhere, userinfo, and the `extra` values (the token given, variable
 * values that resolved into the request).
 */
export function secretsOf(req: OutgoingRequest, extra: readonly (string | undefined)[] = []): string[] {
  const out = new Set<string>();
  const add = (s: string | undefined) => {
    const t = s?.trim();
    if (t) out.add(t);
  };
  for (const [n, v] of req.headers) {
    if (!isCredentialHeader(n)) continue;
    add(v);
    const m = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(v.trim());
    if (m) add(m[1]);
    // Cookie: each value.
    if (n.toLowerCase() === 'cookie') for (const part of v.split(';')) add(part.split('=').slice(1).join('='));
  }
  for (const t of [req.url, ...req.headers.map(([, v]) => v), req.body ?? '']) for (const s of scan(t)) add(t.slice(s.start, s.end));
  const u = parseUrl(req.url);
  if (u?.password) {
    try {
      add(decodeURIComponent(u.password));
      if (u.username) add(decodeURIComponent(u.username));
    } catch {
      // a malformed %-escape in the userinfo: nothing more
    }
  }
  for (const e of extra) add(e);
  return [...out];
}

/** A HAR entry or a curl command made ready to send; `token` (the CLI's --token) replaces Authorization. */
export function prepareExchangeSend(source: 'har' | 'curl', x: ExchangeRequest, line: number | undefined, token?: string): PreparedSend {
  const headers = replayHeaders(x.headers, token);
  const send: OutgoingRequest = { method: x.method, url: x.url, headers, body: x.body };
  return {
    request: { method: x.method, url: x.url, headers, line },
    send,
    // curl: only with -L, as curl itself. A HAR entry was a browser's: it followed.
    followRedirects: source === 'curl' ? x.followRedirects === true : true,
    secrets: secretsOf(send, [token]),
  };
}
