// The loopback stand-in: a Partner Center-like API, Graph-like endpoints that answer Entra challenges,
// an OIDC discovery document and JWKS, all on 127.0.0.1 only. Tests and `npm start` use it; the
// extension never contains or starts it.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMinter, entraV1Issuer, payloadOf, PC_AUDIENCES, GRAPH_AUDIENCE, TENANT, type ClaimOverrides, type Minter, type TokenKind } from './tokens';

export interface StandInOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** The clock, epoch ms (tests freeze it). */
  now?: () => number;
  /**
   * The `iss` of the tokens it mints: 'loopback' (default, `http://127.0.0.1:PORT/{tenant}/v2.0`, whose
   * discovery the stand-in serves) or 'entra-v1' (`https://sts.windows.net/{tenant}/`, as Partner Center's
   * tokens carry it; verifiable only with the stand-in's key set given to the verifier, as the demo does).
   */
  issuer?: 'loopback' | 'entra-v1';
}

export interface StandIn {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** `http://127.0.0.1:PORT/{tenant}/v2.0`, or `https://sts.windows.net/{tenant}/` (option `issuer`). */
  issuer: string;
  /** The stand-in's public key set (JWKS), as served at `/{tenant}/discovery/v2.0/keys`. */
  jwks: { keys: Array<Record<string, unknown>> };
  tenant: string;
  mint(kind: TokenKind, overrides?: ClaimOverrides): string;
  /** What the stand-in received, newest last (paths and whether Authorization came; never values). */
  received(): ReadonlyArray<Received>;
  close(): Promise<void>;
}

/** One request the stand-in received. Also served as JSON at `/_received` for tests in another process. */
export interface Received {
  method: string;
  path: string;
  authorization: boolean;
}

const KEEP_RECEIVED = 200;

/** Partner Center's documented reason phrase for a token without mfa (docs/domain.md §4.5). */
export const MFA_REASON = 'Unauthorized - MFA required';
/** The claims request the Graph-like endpoint demands: auth context c1. */
export const STEP_UP_CLAIMS = { access_token: { acrs: { essential: true, value: 'c1' } } };
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const CUSTOMER_OPERATION = /^\/v1\/customers\/[^/]+\/./i;
/** Only the bearer token's own characters (RFC 6750 b64token). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

type Verdict = { status: number; reason?: string; headers: Record<string, string>; body: unknown };

function bearerOf(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = BEARER.exec(h.length > 100_000 ? '' : h);
  return m ? m[1] : '';
}

function invalidToken(description: string): Verdict {
  return {
    status: 401,
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    body: { error: { code: 'Unauthorized', message: description } },
  };
}

function audiences(claims: Record<string, unknown>): string[] {
  const a = claims.aud;
  return typeof a === 'string' ? [a] : Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
}

function isAppOnly(claims: Record<string, unknown>): boolean {
  if (claims.idtyp === 'app') return true;
  return claims.scp === undefined && claims.roles !== undefined;
}

function lifetimeProblem(claims: Record<string, unknown>, nowSec: number): string | undefined {
  if (typeof claims.exp === 'number' && claims.exp <= nowSec) return 'The access token has expired';
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec) return 'The access token is not yet valid';
  return undefined;
}

/** Partner Center-like judgement, in the order of docs/domain.md §4.5 and §5. Exported for the unit tests. */
export function judgePartnerCenter(token: string | undefined, path: string, minter: Minter, nowMs: number): Verdict {
  // 1. No token.
  if (token === undefined || token === '') return invalidToken('No access token was sent');
  // 2. Bad signature (or not a signed JWT at all).
  const claims = payloadOf(token);
  if (!claims || !minter.verifySignature(token)) return invalidToken('The access token signature is invalid');
  // 3. Expired or not yet valid.
  const life = lifetimeProblem(claims, nowMs / 1000);
  if (life) return invalidToken(life);
  // 4. Wrong audience.
  const auds = audiences(claims).map((a) => a.replace(/\/$/, '').toLowerCase());
  if (!auds.some((a) => PC_AUDIENCES.some((pc) => pc.toLowerCase() === a))) {
    return invalidToken('The access token audience is not valid for this API');
  }
  // 5. App-only on a customer operation.
  const appOnly = isAppOnly(claims);
  if (appOnly && CUSTOMER_OPERATION.test(path)) {
    return invalidToken('App-only authentication is not supported for this operation; use App+User');
  }
  // 6. App+User without mfa in amr: the documented answer, no description.
  if (!appOnly) {
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    if (!amr.includes('mfa')) return { status: 401, reason: MFA_REASON, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, body: '' };
  }
  return { status: 200, headers: {}, body: { totalCount: 1, items: [{ id: 'stand-in-item', companyProfile: { companyName: 'Contoso (stand-in)' } }], attributes: { objectType: 'Collection' } } };
}

/** Graph-like judgement: a claims challenge on /me, insufficient_scope on /users. */
export function judgeGraph(token: string | undefined, path: string, minter: Minter, nowMs: number, base: string): Verdict {
  const challenge = `Bearer realm="", authorization_uri="${base}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;
  const claims = token ? payloadOf(token) : undefined;
  if (!token || !claims || !minter.verifySignature(token) || lifetimeProblem(claims, nowMs / 1000)) {
    return { status: 401, headers: { 'WWW-Authenticate': challenge }, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } };
  }
  if (!audiences(claims).some((a) => a.replace(/\/$/, '') === GRAPH_AUDIENCE || a === GRAPH_APP_ID)) {
    return { status: 401, headers: { 'WWW-Authenticate': challenge }, body: { error: { code: 'InvalidAuthenticationToken', message: 'Invalid audience.' } } };
  }
  const acrs = Array.isArray(claims.acrs) ? claims.acrs : [];
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  if (path === '/graph/v1.0/me') {
    if (!acrs.includes('c1')) {
      const b64 = Buffer.from(JSON.stringify(STEP_UP_CLAIMS)).toString('base64');
      return {
        status: 401,
        headers: { 'WWW-Authenticate': `${challenge}, error="insufficient_claims", claims="${b64}"` },
        body: { error: { code: 'InvalidAuthenticationToken', message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp' } },
      };
    }
    return { status: 200, headers: {}, body: { displayName: claims.name ?? null, userPrincipalName: claims.upn ?? null } };
  }
  if (path === '/graph/v1.0/users') {
    if (!scopes.includes('User.Read.All')) {
      return {
        status: 403,
        headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="User.Read.All", error_description="The token lacks the scope User.Read.All"` },
        body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
      };
    }
    return { status: 200, headers: {}, body: { value: [] } };
  }
  return { status: 404, headers: {}, body: { error: { code: 'Request_ResourceNotFound', message: 'Not found' } } };
}

function send(res: ServerResponse, v: Verdict, extra: Record<string, string> = {}): void {
  const body = typeof v.body === 'string' ? v.body : JSON.stringify(v.body);
  const headers: Record<string, string> = { ...extra, ...v.headers, 'Content-Length': String(Buffer.byteLength(body)) };
  if (body) headers['Content-Type'] = typeof v.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  if (v.reason) res.writeHead(v.status, v.reason, headers);
  else res.writeHead(v.status, headers);
  res.end(body);
}

export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  const now = opts.now ?? Date.now;
  let minter: Minter | undefined;
  let base = '';
  const received: Received[] = [];
  const server = createServer((req, res) => {
    // Drain any body (bounded): requests here carry none that matter.
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy();
    });
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const m = minter!;
    if (path === '/_received') return send(res, { status: 200, headers: { 'Cache-Control': 'no-store' }, body: received });
    received.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization !== undefined });
    if (received.length > KEEP_RECEIVED) received.shift();
    // Network faults and redirects for the replay tests (issue 6, issue 7).
    if (path === '/redirect') {
      // Only to loopback: the stand-in must not become an open redirector.
      const to = url.searchParams.get('to') ?? '/echo';
      let target: URL;
      try {
        target = new URL(to, base);
      } catch {
        return send(res, { status: 400, headers: {}, body: { error: { code: 'BadRedirect', message: 'to is not a URL' } } });
      }
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) return send(res, { status: 400, headers: {}, body: { error: { code: 'BadRedirect', message: 'loopback targets only' } } });
      const status = Number(url.searchParams.get('status') ?? 302);
      return send(res, { status: [301, 302, 303, 307, 308].includes(status) ? status : 302, headers: { Location: target.href }, body: '' });
    }
    if (path === '/echo') return send(res, { status: 200, headers: {}, body: { authorization: req.headers.authorization !== undefined ? 'present' : 'absent' } });
    if (path === '/hang') return; // never answers: the client's timeout must end it (close() drops the socket)
    if (path === '/loop') return send(res, { status: 302, headers: { Location: '/loop' }, body: '' });
    if (path === '/reset') {
      // Headers and half a body, then the connection is cut.
      res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"error":{"code":"Unauth');
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    if (path === '/huge') {
      // A 401 with a body of `mb` megabytes (at most 64), written in 64 KB chunks.
      const mb = Math.min(64, Math.max(0, Number(url.searchParams.get('mb') ?? 8) || 0));
      const total = Math.round(mb * 1024 * 1024);
      res.writeHead(401, 'Unauthorized - MFA required', { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'text/plain', 'Content-Length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const n = Math.min(chunk.length, total - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    const ids = { 'MS-CorrelationId': String(req.headers['ms-correlationid'] ?? randomUUID()), 'MS-RequestId': String(req.headers['ms-requestid'] ?? randomUUID()) };
    const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    if (oidc) {
      const t = oidc[1];
      return send(res, {
        status: 200,
        headers: {},
        body: {
          issuer: `${base}/${t}/v2.0`,
          authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
          jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'amr', 'acrs', 'tid', 'oid', 'name', 'preferred_username', 'nonce'],
          tenant_region_scope: 'NA',
        },
      });
    }
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) {
      return send(res, { status: 200, headers: {}, body: { keys: [{ ...m.publicJwk, issuer: `${base}/{tenantid}/v2.0` }] } });
    }
    const token = bearerOf(req);
    if (path.startsWith('/v1/')) return send(res, judgePartnerCenter(token, path, m, now()), ids);
    if (path.startsWith('/graph/')) return send(res, judgeGraph(token, path, m, now(), base));
    if (path === '/healthz') return send(res, { status: 200, headers: {}, body: { ok: true } });
    return send(res, { status: 404, headers: {}, body: { error: { code: 'NotFound', message: 'The stand-in serves /v1/…, /graph/v1.0/…, /{tenant}/v2.0/.well-known/openid-configuration, /redirect?to=, /echo, /hang, /loop, /reset, /huge?mb=, /_received' } } });
  });
  // Slow or stuck clients must not keep the stand-in (or a test) alive.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const issuer = opts.issuer === 'entra-v1' ? entraV1Issuer() : `${base}/${TENANT}/v2.0`;
  minter = createMinter(issuer, { now });
  return {
    url: base,
    port,
    issuer,
    jwks: { keys: [{ ...minter.publicJwk }] },
    tenant: TENANT,
    mint: (kind, overrides) => minter!.mint(kind, overrides),
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
