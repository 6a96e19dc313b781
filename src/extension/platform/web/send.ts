// The web build's stand-in for src/node/send.ts (swapped in by esbuild.config.mjs): the same exports,
// over `fetch`, as a web worker allows. What a browser forbids becomes a SendError that says why:
// mixed content (an http URL from an https page), a request the browser blocks or cannot complete
// (CORS or an unreachable host: the browser does not tell which), a redirect it hides. Redirects are
// followed by hand when the browser shows them (never with Authorization or Cookie to another origin).
import type { RedirectHop, SendErrorCode, SendOptions, SendRequest, SendResult } from '../../../node/send';
import { secretsOf } from '../../../core/prepareSend';
import { redactText, redactUrl } from '../../../core/redact';
import { crossOriginHop } from '../../../core/replayPolicy';

export type { RedirectHop, SendErrorCode, SendOptions, SendRequest, SendResult };

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
/** Headers a browser sets itself and refuses from a script. */
const FORBIDDEN = /^(host|content-length|connection|keep-alive|transfer-encoding|upgrade|te|trailer|expect|accept-encoding|accept-charset|access-control-request-.*|cookie2?|date|dnt|origin|referer|via|proxy-.*|sec-.*)$/i;

function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127\./.test(h);
}

/** The page's protocol as this worker sees it (the editor's origin), when known. */
function pageProtocol(): string | undefined {
  const loc = (globalThis as { location?: { protocol?: string } }).location;
  return typeof loc?.protocol === 'string' ? loc.protocol : undefined;
}

function blocked(u: URL): SendError {
  return new SendError(
    'browser-blocked',
    `The browser did not complete the request to ${u.origin}. Either the server does not allow requests from the editor's web page (CORS: it must answer the preflight and send Access-Control-Allow-Origin, and most APIs, Partner Center included, do not), or the host cannot be reached from this browser; the browser does not say which. Replay from desktop VS Code or with "jwt-mfa diagnose --send"; "JWT: Diagnose Response" still diagnoses a recorded response here.`,
  );
}

function headerList(h: Headers): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  h.forEach((v, n) => out.push([n, v]));
  return out;
}

async function readCapped(res: Response, max: number, signal: AbortSignal): Promise<{ body: string; truncated: boolean }> {
  if (!res.body) return { body: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    if (signal.aborted) throw new Error('aborted');
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, Math.max(0, room)));
      size = max;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { body: new TextDecoder().decode(all), truncated };
}

/** Sends `req` with fetch, following visible redirects by hand. Rejects with a SendError. */
export async function send(req: SendRequest, options: SendOptions = {}): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBody = options.maxBodyBytes ?? 5 * 1024 * 1024;
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
  if (options.signal?.aborted) throw new SendError('aborted', 'The request was cancelled.');

  const ctl = new AbortController();
  let why: SendError | undefined;
  const timer = setTimeout(() => {
    why = new SendError('timeout', `No complete response from ${u.host} within ${timeoutMs} ms (timed out).`);
    ctl.abort();
  }, timeoutMs);
  const onAbort = () => {
    why = new SendError('aborted', 'The request was cancelled.');
    ctl.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let method = req.method.toUpperCase();
  let body = req.body;
  let headerPairs = req.headers.filter(([n]) => !FORBIDDEN.test(n.trim()));
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([`${method} ${u.href}`]);
  try {
    for (;;) {
      if (pageProtocol() === 'https:' && u.protocol === 'http:' && !isLoopback(u.hostname))
        throw new SendError(
          'mixed-content',
          `The browser forbids an http request from this https page (mixed content), so ${u.origin} was not contacted. Use the https URL, or replay from desktop VS Code or with "jwt-mfa diagnose --send".`,
        );
      const headers = new Headers();
      try {
        for (const [n, v] of headerPairs) headers.append(n, v);
      } catch {
        throw new SendError('bad-request', 'The request cannot be sent: a header name or value holds characters HTTP does not allow.');
      }
      let res: Response;
      try {
        res = await fetch(u.href, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, redirect: 'manual', signal: ctl.signal, credentials: 'omit', cache: 'no-store' });
      } catch {
        throw why ?? blocked(u);
      }
      if (res.type === 'opaqueredirect') {
        if (!follow) return { status: 0, statusText: '', httpVersion: '', headers: [], body: '', truncated: false, url: u.href, redirects, elapsedMs: Date.now() - t0 };
        throw new SendError(
          'redirect-hidden',
          `${u.origin} answered with a redirect, and the browser does not show where to, so it was not followed (a credential never follows a redirect unchecked). Replay from desktop VS Code or with "jwt-mfa diagnose --send" to see it.`,
        );
      }
      const location = res.headers.get('location');
      if (!(follow && REDIRECTS.has(res.status) && location)) {
        let read;
        try {
          read = await readCapped(res, maxBody, ctl.signal);
        } catch {
          throw why ?? new SendError('reset', `The response from ${u.origin} ended before it was complete.`);
        }
        if (why) throw why;
        return { status: res.status, statusText: res.statusText, httpVersion: '', headers: headerList(res.headers), body: read.body, truncated: read.truncated, url: u.href, redirects, elapsedMs: Date.now() - t0 };
      }
      await res.body?.cancel().catch(() => undefined);
      let next: URL;
      try {
        next = new URL(location, u);
      } catch {
        throw new SendError('bad-url', `The server redirected to an invalid URL (${location.slice(0, 200)}).`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SendError('bad-url', `The server redirected to a non-http URL (${next.protocol}).`);
      if ((res.status === 303 && method !== 'HEAD') || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headerPairs = headerPairs.filter(([n]) => !/^content-/i.test(n));
      }
      const crossOrigin = next.origin !== u.origin;
      const hadAuth = headerPairs.some(([n]) => n.toLowerCase() === 'authorization');
      let dropped: string[] = [];
      if (crossOrigin) {
        // The same rule as the desktop sender (core/replayPolicy crossOriginHop).
        const hop = crossOriginHop({ from: u, to: next, headers: headerPairs, body, secrets: secretsOf(req, options.secrets ?? []), approved: (o) => options.approveOrigin?.(o) === true });
        if (hop.kind === 'blocked') throw new SendError('redirect-blocked', `The server answered ${res.status} with a redirect to ${redactUrl(next.href).slice(0, 300)}: ${hop.why}. The redirect was not followed.`, next.origin);
        headerPairs = hop.headers;
        dropped = hop.dropped;
        body = undefined;
      }
      redirects.push({ status: res.status, from: u.href, to: next.href, authorizationDropped: crossOrigin && hadAuth, dropped });
      const key = `${method} ${next.href}`;
      if (visited.has(key)) throw new SendError('redirect-loop', `Redirect loop: ${next.host}${next.pathname} redirects back to a URL already visited.`);
      if (redirects.length > maxRedirects) throw new SendError('too-many-redirects', `Too many redirects (more than ${maxRedirects}): probably a redirect loop.`);
      visited.add(key);
      u = next;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    ctl.abort();
  }
}
