// Replays one HTTP request with Node's http/https (shared by the CLI and the extension; no vscode):
// timeout, instant cancellation, a capped body, manual redirects that never carry a credential to
// another origin (see `send`), an optional proxy, and network/TLS errors explained in plain words.
import http from 'node:http';
import { isIP } from 'node:net';
import https from 'node:https';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Duplex, Readable } from 'node:stream';
import { isCleartextCredential } from '../core/replayPolicy';
import { secretsOf } from '../core/prepareSend';
import { Deadline, type DeadlineTimers, hostPort, isFollowedRedirect, RedirectChain, SendError, sendableUrl, type RedirectHop } from '../core/sendFlow';

export { SendError, type RedirectHop, type SendErrorCode } from '../core/sendFlow';

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
  /** The deadline's timer. Default the real one; only tests pass a fake clock. */
  timers?: DeadlineTimers;
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

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);


/** Turns a Node network error into a SendError with words a person understands. */
export function explainError(e: unknown, u: URL, timeoutMs: number): SendError {
  if (e instanceof SendError) return e;
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = String(err?.code ?? '');
  const host = hostPort(u);
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
    const headers: Record<string, string> = { host: hostPort(target) };
    if (proxy.username) headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
    const req = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: hostPort(target), headers, signal });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new SendError('proxy', `The proxy ${hostPort(proxy)} refused to open a tunnel to ${hostPort(target)} (status ${res.statusCode}).`));
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
        if (isFollowedRedirect(redirectPending, hop.status, hop.location)) {
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
      tunnel(proxy, u, signal).then(start, (e) => done(() => reject(e instanceof SendError ? e : new SendError('proxy', `Could not reach the proxy ${hostPort(proxy)}: ${explainError(e, proxy, 0).message}`))));
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

  const u = sendableUrl(req.url);
  // The credential values this request carries: those the caller knows, and those its headers show.
  const secrets = secretsOf(req, options.secrets ?? []);
  if (isCleartextCredential({ url: u.href, headers: req.headers, body: req.body, secrets }))
    throw new SendError('cleartext', `Nothing was sent: the request carries a credential and ${u.origin} is plain http (not loopback), where anyone on the path could read it. Use https.`);
  const deadline = new Deadline(options.signal, timeoutMs, `No complete response from ${hostPort(u)} within ${timeoutMs} ms (timed out).`, options.timers);
  const chain = new RedirectChain(u, req.method.toUpperCase(), [...req.headers], req.body, { maxRedirects, secrets, approveOrigin: options.approveOrigin, where: hostPort });
  try {
    for (;;) {
      let hop: Hop;
      try {
        hop = await once(chain.url, chain.method, headerObject(chain.headers), chain.body, opts, deadline.signal, follow);
      } catch (e) {
        throw deadline.why ?? explainError(e, chain.url, timeoutMs);
      }
      if (deadline.why) throw deadline.why;
      if (!isFollowedRedirect(follow, hop.status, hop.location)) {
        return { status: hop.status, statusText: hop.statusText, httpVersion: hop.httpVersion, headers: hop.headers, body: hop.body, truncated: hop.truncated, url: chain.url.href, redirects: chain.redirects, elapsedMs: Date.now() - t0 };
      }
      chain.follow(hop.status, hop.location);
    }
  } finally {
    deadline.end();
  }
}
