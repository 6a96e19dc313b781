// The web build's stand-in for src/node/send.ts (swapped in by esbuild.config.mjs): the same exports,
// over `fetch`, as a web worker allows. What a browser forbids becomes a SendError that says why:
// mixed content (an http URL from an https page), a request the browser blocks or cannot complete
// (CORS or an unreachable host: the browser does not tell which), a redirect it hides. Redirects are
// followed by hand when the browser shows them (never with Authorization or Cookie to another origin).
import type { SendOptions, SendRequest, SendResult } from '../../../node/send';
import { secretsOf } from '../../../core/prepareSend';
import { Deadline, isFollowedRedirect, RedirectChain, SendError, sendableUrl } from '../../../core/sendFlow';

export { SendError, type RedirectHop, type SendErrorCode } from '../../../core/sendFlow';
export type { SendOptions, SendRequest, SendResult };

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

  const first = sendableUrl(req.url);
  const deadline = new Deadline(options.signal, timeoutMs, `No complete response from ${first.host} within ${timeoutMs} ms (timed out).`);
  const secrets = secretsOf(req, options.secrets ?? []);
  const chain = new RedirectChain(first, req.method.toUpperCase(), req.headers.filter(([n]) => !FORBIDDEN.test(n.trim())), req.body, { maxRedirects, secrets, approveOrigin: options.approveOrigin, where: (u) => u.host });
  try {
    for (;;) {
      const u = chain.url;
      if (pageProtocol() === 'https:' && u.protocol === 'http:' && !isLoopback(u.hostname))
        throw new SendError(
          'mixed-content',
          `The browser forbids an http request from this https page (mixed content), so ${u.origin} was not contacted. Use the https URL, or replay from desktop VS Code or with "jwt-mfa diagnose --send".`,
        );
      const headers = new Headers();
      try {
        for (const [n, v] of chain.headers) headers.append(n, v);
      } catch {
        throw new SendError('bad-request', 'The request cannot be sent: a header name or value holds characters HTTP does not allow.');
      }
      const method = chain.method;
      let res: Response;
      try {
        res = await fetch(u.href, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : chain.body, redirect: 'manual', signal: deadline.signal, credentials: 'omit', cache: 'no-store' });
      } catch {
        throw deadline.why ?? blocked(u);
      }
      if (res.type === 'opaqueredirect') {
        if (!follow) return { status: 0, statusText: '', httpVersion: '', headers: [], body: '', truncated: false, url: u.href, redirects: chain.redirects, elapsedMs: Date.now() - t0 };
        throw new SendError(
          'redirect-hidden',
          `${u.origin} answered with a redirect, and the browser does not show where to, so it was not followed (a credential never follows a redirect unchecked). Replay from desktop VS Code or with "jwt-mfa diagnose --send" to see it.`,
        );
      }
      const location = res.headers.get('location');
      if (!isFollowedRedirect(follow, res.status, location)) {
        let read;
        try {
          read = await readCapped(res, maxBody, deadline.signal);
        } catch {
          throw deadline.why ?? new SendError('reset', `The response from ${u.origin} ended before it was complete.`);
        }
        if (deadline.why) throw deadline.why;
        return { status: res.status, statusText: res.statusText, httpVersion: '', headers: headerList(res.headers), body: read.body, truncated: read.truncated, url: u.href, redirects: chain.redirects, elapsedMs: Date.now() - t0 };
      }
      await res.body?.cancel().catch(() => undefined);
      // The same rules as the desktop sender (core/sendFlow, core/replayPolicy crossOriginHop).
      chain.follow(res.status, location);
    }
  } finally {
    deadline.end();
  }
}
