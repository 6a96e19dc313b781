// Replays one HTTP request with Node's http/https (shared by the CLI and the extension; no vscode):
// timeout, instant cancellation, a capped body, manual redirects that never carry a credential to
// another origin (see `send`), an optional proxy, and network/TLS errors explained in plain words.
import http from 'node:http';
import { isIP } from 'node:net';
import https from 'node:https';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Duplex, Readable } from 'node:stream';
import { redactText, redactUrl } from '../core/redact';
import { crossOriginHop, isCleartextCredential } from '../core/replayPolicy';
import { secretsOf } from '../core/prepareSend';

export interface SendRequest {
  method: string;
  url: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
}

export interface SendOptions {
  /** Whole exchange, redirects included. Default 30 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes of (decoded) body kept; the rest is dropped and `truncated` set. Default 5 MB. */
  maxBodyBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Default true. */
  followRedirects?: boolean;
  /** `http://[user:pass@]host:port` proxy (https targets go through CONNECT). */
  proxy?: string;
  /** Default true. Only tests turn it off. */
  rejectUnauthorized?: boolean;
  /** Extra trusted CA certificates (PEM). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Credential values the request carries (see core/prepareSend `secretsOf`): never sent to another origin. */
  secrets?: readonly string[];
  /**
   * Whether a redirect may go on to another origin (already approved by the user; never asks).
   * Without it, a cross-origin redirect is not followed.
   */
  approveOrigin?: (origin: string) => boolean;
}

export interface RedirectHop {
  status: number;
  from: string;
  to: string;
  /** True when Authorization was removed because the redirect leaves the origin. */
  authorizationDropped: boolean;
  /** Names of the headers removed because the redirect leaves the origin (credentials, or holding one). */
  dropped: string[];
}

export interface SendResult {
  status: number;
  /** The reason phrase as received (empty over HTTP/2 or when the server sends none). */
  statusText: string;
  httpVersion: string;
  /** Response headers in order, repeats kept. */
  headers: Array<[string, string]>;
  body: string;
  truncated: boolean;
  /** The URL of the final response. */
  url: string;
  redirects: RedirectHop[];
  elapsedMs: number;
}

export type SendErrorCode =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'dns'
  | 'tls-self-signed'
  | 'tls-invalid'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'redirect-blocked'
  | 'cleartext'
  | 'aborted'
  | 'bad-url'
  | 'bad-request'
  | 'proxy'
  | 'network'
  // Only on the web (the fetch-based send in src/extension/platform/web): what a browser refuses.
  | 'browser-blocked'
  | 'mixed-content'
  | 'redirect-hidden';

/** A failure explained in plain words; `code` is stable, `message` never holds a token. */
export class SendError extends Error {
  constructor(
    readonly code: SendErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(redactText(message));
    this.name = 'SendError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

function where(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** Turns a Node network error into a SendError with words a person understands. */
export function explainError(e: unknown, u: URL, timeoutMs: number): SendError {
  if (e instanceof SendError) return e;
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = String(err?.code ?? '');
  const host = where(u);
  if (code === 'ECONNREFUSED') return new SendError('refused', `Connection refused by ${host}: nothing is listening there (is the server running and the port right?).`, code);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' || /socket hang up|aborted/i.test(String(err?.message)))
    return new SendError('reset', `The connection to ${host} was reset before the response was complete (closed by the server or a network device).`, code || 'ECONNRESET');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL')
    return new SendError('dns', `The host name ${u.hostname} could not be resolved (DNS${code === 'EAI_AGAIN' ? ', temporary failure' : ''}). Check the spelling, your network and proxy settings.`, code);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new SendError('timeout', `No response from ${host} within ${timeoutMs} ms (timed out).`, code);
  if (SELF_SIGNED.has(code))
    return new SendError('tls-self-signed', `The TLS certificate of ${host} is self-signed and not trusted, so the connection was refused (${code}). Trust its CA, or use the real endpoint.`, code);
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.startsWith('UNABLE_TO_') || code === 'HOSTNAME_MISMATCH')
    return new SendError('tls-invalid', `The TLS certificate of ${host} is not valid (${code}${err?.reason ? `: ${err.reason}` : ''}), so the connection was refused.`, code);
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_HTTP_INVALID_HEADER_VALUE')
    return new SendError('bad-request', `The request cannot be sent: a header name or value holds characters HTTP does not allow (${code}).`, code);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new SendError('network', `${host} cannot be reached from this machine (${code}: no route). Check the network or VPN.`, code);
  return new SendError('network', `The request to ${host} failed: ${String(err?.message ?? e).slice(0, 200)}${code ? ` (${code})` : ''}.`, code || undefined);
}

function headerObject(headers: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const names: Record<string, string> = Object.create(null);
  for (const [n, v] of headers) {
    const k = n.toLowerCase();
    if (k === 'content-length' || k === 'transfer-encoding' || k === 'connection') continue;
    if (names[k] === undefined) {
      names[k] = n;
      out[n] = v;
    } else out[names[k]] += (k === 'cookie' ? '; ' : ', ') + v;
  }
  return out;
}

interface Hop {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Array<[string, string]>;
  location?: string;
  body: string;
  truncated: boolean;
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function decoderFor(encoding: string | undefined): Duplex | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** Opens a CONNECT tunnel through an http proxy. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: where(target) };
    if (proxy.username) headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
    const req = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: where(target), headers, signal });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new SendError('proxy', `The proxy ${where(proxy)} refused to open a tunnel to ${where(target)} (status ${res.statusCode}).`));
        return;
      }
      resolve(socket);
    });
    req.on('error', (e) => reject(e));
    req.end();
  });
}

function once(u: URL, method: string, headers: Record<string, string>, body: string | undefined, opts: Required<Pick<SendOptions, 'maxBodyBytes'>> & SendOptions, signal: AbortSignal, redirectPending: boolean): Promise<Hop> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    const proxy = opts.proxy ? new URL(opts.proxy) : undefined;
    const isHttps = u.protocol === 'https:';
    const tlsOpts = { rejectUnauthorized: opts.rejectUnauthorized !== false, ca: opts.ca, ...(isIP(u.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: u.hostname }) };

    const start = (socket?: Duplex) => {
      try {
        startRequest(socket);
      } catch (e) {
        // e.g. a header value with a line break: Node refuses it before sending anything
        socket?.destroy();
        done(() => reject(e));
      }
    };
    const startRequest = (socket?: Duplex) => {
      let req: http.ClientRequest;
      const common = { method, headers, signal };
      if (proxy && !isHttps) {
        const hasHost = Object.keys(headers).some((k) => k.toLowerCase() === 'host');
        req = http.request({ ...common, host: proxy.hostname, port: proxy.port || 80, path: u.href, headers: hasHost ? headers : { ...headers, Host: u.host } });
      } else if (socket) {
        req = https.request({ ...common, host: u.hostname, port: u.port || 443, path: u.pathname + u.search, createConnection: () => tls.connect({ ...tlsOpts, socket }) });
      } else {
        const mod = isHttps ? https : http;
        req = mod.request({ ...common, host: u.hostname, port: u.port || (isHttps ? 443 : 80), path: u.pathname + u.search, ...(isHttps ? tlsOpts : {}), agent: false });
      }
      req.on('error', (e) => done(() => reject(e)));
      req.once('response', (res) => {
        const hop: Hop = {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          httpVersion: res.httpVersion,
          headers: pairs(res.rawHeaders),
          location: typeof res.headers.location === 'string' ? res.headers.location : undefined,
          body: '',
          truncated: false,
        };
        if (redirectPending && REDIRECTS.has(hop.status) && hop.location) {
          res.resume();
          res.once('end', () => done(() => resolve(hop)));
          res.on('error', () => done(() => resolve(hop)));
          return;
        }
        const decoder = decoderFor(res.headers['content-encoding'] as string | undefined);
        const stream: Readable = decoder ? res.pipe(decoder) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          hop.body = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
          done(() => resolve(hop));
        };
        stream.on('data', (c: Buffer) => {
          if (settled) return;
          const room = opts.maxBodyBytes - size;
          if (c.length >= room) {
            if (room > 0) chunks.push(c.subarray(0, room));
            size = opts.maxBodyBytes;
            hop.truncated = c.length > room || !res.complete;
            finish();
            res.destroy();
            decoder?.destroy();
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        stream.once('end', finish);
        const fail = (e: unknown) => done(() => reject(e));
        stream.on('error', (e) => fail(decoder && !(e as NodeJS.ErrnoException).code?.startsWith('ECONN') ? new SendError('network', `The response body could not be decompressed (${(e as Error).message}).`) : e));
        res.once('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        res.on('error', fail);
      });
      if (body !== undefined) req.end(body);
      else req.end();
    };

    if (proxy && isHttps) {
      tunnel(proxy, u, signal).then(start, (e) => done(() => reject(e instanceof SendError ? e : new SendError('proxy', `Could not reach the proxy ${where(proxy)}: ${explainError(e, proxy, 0).message}`))));
    } else start();
  });
}

/** Sends `req`, following redirects by hand. Rejects with a SendError. */
export async function send(req: SendRequest, options: SendOptions = {}): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const opts = { ...options, maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024 };
  const maxRedirects = options.maxRedirects ?? 5;
  const follow = options.followRedirects !== false;
  const t0 = Date.now();

  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    throw new SendError('bad-url', `Not a valid URL: ${req.url.slice(0, 200)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SendError('bad-url', `Only http and https URLs can be sent (got ${u.protocol}).`);
  // The credential values this request carries: those the caller knows, and those its headers show.
  const secrets = secretsOf(req, options.secrets ?? []);
  if (isCleartextCredential({ url: u.href, headers: req.headers, body: req.body, secrets }))
    throw new SendError('cleartext', `Nothing was sent: the request carries a credential and ${u.origin} is plain http (not loopback), where anyone on the path could read it. Use https.`);
  if (options.signal?.aborted) throw new SendError('aborted', 'The request was cancelled.');

  // One controller ends everything at once: the caller's cancellation or the deadline.
  const ctl = new AbortController();
  let why: SendError | undefined;
  const timer = setTimeout(() => {
    why = new SendError('timeout', `No complete response from ${where(u)} within ${timeoutMs} ms (timed out).`);
    ctl.abort();
  }, timeoutMs);
  const onAbort = () => {
    why = new SendError('aborted', 'The request was cancelled.');
    ctl.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let method = req.method.toUpperCase();
  let body = req.body;
  let headerPairs = [...req.headers];
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([`${method} ${u.href}`]);
  try {
    for (;;) {
      let hop: Hop;
      try {
        hop = await once(u, method, headerObject(headerPairs), body, opts, ctl.signal, follow);
      } catch (e) {
        throw why ?? explainError(e, u, timeoutMs);
      }
      if (why) throw why;
      if (!(follow && REDIRECTS.has(hop.status) && hop.location)) {
        return { status: hop.status, statusText: hop.statusText, httpVersion: hop.httpVersion, headers: hop.headers, body: hop.body, truncated: hop.truncated, url: u.href, redirects, elapsedMs: Date.now() - t0 };
      }
      let next: URL;
      try {
        next = new URL(hop.location, u);
      } catch {
        throw new SendError('bad-url', `The server redirected to an invalid URL (${hop.location.slice(0, 200)}).`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SendError('bad-url', `The server redirected to a non-http URL (${next.protocol}).`);
      if ((hop.status === 303 && method !== 'HEAD') || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headerPairs = headerPairs.filter(([n]) => !/^content-/i.test(n));
      }
      const crossOrigin = next.origin !== u.origin;
      const hadAuth = headerPairs.some(([n]) => n.toLowerCase() === 'authorization');
      let dropped: string[] = [];
      if (crossOrigin) {
        // Another origin: no credential goes there, no body is re-sent, never down to plain http,
        // and only to an origin the user already approved. Otherwise stop and say where it led.
        const blocked = (why: string) =>
          new SendError('redirect-blocked', `The server answered ${hop.status} with a redirect to ${redactUrl(next.href, secrets).slice(0, 300)}: ${why}. The redirect was not followed.`, next.origin);
        const hop2 = crossOriginHop({ from: u, to: next, headers: headerPairs, body, secrets, approved: (o) => options.approveOrigin?.(o) === true });
        if (hop2.kind === 'blocked') throw blocked(hop2.why);
        headerPairs = hop2.headers;
        dropped = hop2.dropped;
        body = undefined;
      }
      redirects.push({ status: hop.status, from: u.href, to: next.href, authorizationDropped: crossOrigin && hadAuth, dropped });
      const key = `${method} ${next.href}`;
      if (visited.has(key)) throw new SendError('redirect-loop', `Redirect loop: ${where(next)}${next.pathname} redirects back to a URL already visited.`);
      if (redirects.length > maxRedirects) throw new SendError('too-many-redirects', `Too many redirects (more than ${maxRedirects}): probably a redirect loop.`);
      visited.add(key);
      u = next;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    ctl.abort(); // nothing keeps running after we return
  }
}
