// What both senders (src/node/send.ts over Node's http/https, its fetch twin for the web build in
// src/extension/platform/web/send.ts) decide the same way, written once: the error type and its codes,
// which URLs may be sent, one deadline for cancellation and timeout, and how a redirect is followed
// (method rewrite, the cross-origin rule of replayPolicy, loops, the redirect cap).
import { parseUrl } from './audiences';
import { redactText, redactUrl } from './redact';
import { crossOriginHop } from './replayPolicy';

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

export interface RedirectHop {
  status: number;
  from: string;
  to: string;
  /** True when Authorization was removed because the redirect leaves the origin. */
  authorizationDropped: boolean;
  /** Names of the headers removed because the redirect leaves the origin (credentials, or holding one). */
  dropped: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether an answer is a redirect the sender follows. */
export function isFollowedRedirect(follow: boolean, status: number, location: string | null | undefined): location is string {
  return follow && REDIRECTS.has(status) && !!location;
}

/** `host:port` of a URL, the port always written (what the desktop sender's messages name). */
export function hostPort(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** The URL to send to: an absolute http or https URL, or a SendError that says why not. */
export function sendableUrl(url: string): URL {
  const u = parseUrl(url);
  if (!u) throw new SendError('bad-url', `Not a valid URL: ${url.slice(0, 200)}`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SendError('bad-url', `Only http and https URLs can be sent (got ${u.protocol}).`);
  return u;
}

/** The timer functions a Deadline arms (tests pass a fake clock, so no test waits for a timeout). */
export interface DeadlineTimers {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: DeadlineTimers = { set: (fire, ms) => setTimeout(fire, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/** One controller ends everything at once: the caller's cancellation or the deadline. */
export class Deadline {
  private readonly ctl = new AbortController();
  private readonly timer: unknown;
  private readonly onAbort = () => this.stop(new SendError('aborted', 'The request was cancelled.'));
  /** Why the exchange was stopped, once it was. */
  why: SendError | undefined;

  constructor(
    private readonly caller: AbortSignal | undefined,
    timeoutMs: number,
    timeoutMessage: string,
    private readonly timers: DeadlineTimers = realTimers,
  ) {
    if (caller?.aborted) throw new SendError('aborted', 'The request was cancelled.');
    this.timer = timers.set(() => this.stop(new SendError('timeout', timeoutMessage)), timeoutMs);
    caller?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.ctl.signal;
  }

  private stop(why: SendError): void {
    this.why = why;
    this.ctl.abort();
  }

  /** Nothing keeps running after the sender returns. */
  end(): void {
    this.timers.clear(this.timer);
    this.caller?.removeEventListener('abort', this.onAbort);
    this.ctl.abort();
  }
}

export interface RedirectRules {
  maxRedirects: number;
  /** Credential values the request carries (core/prepareSend `secretsOf`): never sent to another origin. */
  secrets: readonly string[];
  /** Whether another origin is already approved by the user (never asks). */
  approveOrigin?: (origin: string) => boolean;
  /** How a loop names the place it came back to (host and port as the sender shows them). */
  where: (u: URL) => string;
}

/** The request as it goes from hop to hop: URL, method, headers and body, and the redirects so far. */
export class RedirectChain {
  readonly redirects: RedirectHop[] = [];
  private readonly visited: Set<string>;

  constructor(
    public url: URL,
    public method: string,
    public headers: ReadonlyArray<readonly [string, string]>,
    public body: string | undefined,
    private readonly rules: RedirectRules,
  ) {
    this.visited = new Set([`${method} ${url.href}`]);
  }

  /** Moves on to `location` after a `status` redirect, or throws the SendError that says why not. */
  follow(status: number, location: string): void {
    const u = this.url;
    const next = parseUrl(location, u);
    if (!next) throw new SendError('bad-url', `The server redirected to an invalid URL (${location.slice(0, 200)}).`);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new SendError('bad-url', `The server redirected to a non-http URL (${next.protocol}).`);
    if ((status === 303 && this.method !== 'HEAD') || ((status === 301 || status === 302) && this.method === 'POST')) {
      this.method = 'GET';
      this.body = undefined;
      this.headers = this.headers.filter(([n]) => !/^content-/i.test(n));
    }
    const crossOrigin = next.origin !== u.origin;
    const hadAuth = this.headers.some(([n]) => n.toLowerCase() === 'authorization');
    let dropped: string[] = [];
    if (crossOrigin) {
      // Another origin: no credential goes there, no body is re-sent, never down to plain http, and
      // only to an origin the user already approved. Otherwise stop and say where it led.
      const hop = crossOriginHop({ from: u, to: next, headers: this.headers, body: this.body, secrets: this.rules.secrets, approved: (o) => this.rules.approveOrigin?.(o) === true });
      if (hop.kind === 'blocked')
        throw new SendError('redirect-blocked', `The server answered ${status} with a redirect to ${redactUrl(next.href, this.rules.secrets).slice(0, 300)}: ${hop.why}. The redirect was not followed.`, next.origin);
      this.headers = hop.headers;
      dropped = hop.dropped;
      this.body = undefined;
    }
    this.redirects.push({ status, from: u.href, to: next.href, authorizationDropped: crossOrigin && hadAuth, dropped });
    const key = `${this.method} ${next.href}`;
    if (this.visited.has(key)) throw new SendError('redirect-loop', `Redirect loop: ${this.rules.where(next)}${next.pathname} redirects back to a URL already visited.`);
    if (this.redirects.length > this.rules.maxRedirects) throw new SendError('too-many-redirects', `Too many redirects (more than ${this.rules.maxRedirects}): probably a redirect loop.`);
    this.visited.add(key);
    this.url = next;
  }
}
