// Tokens minted at send time (issue 13 point 8): a request whose Authorization header gets its token
// only when the request is sent, so the file holds nothing to judge:
// - REST Client's `{{$aadToken …}}`, `{{$aadV2Token …}}` and `{{$oidcAccessToken …}}` system variables;
// - httpyac's OAuth2 / OpenID Connect: the header value `oauth2 [grant] [prefix]` or `openid …`, and
//   the `{{$oauth2 …}}` / `{{$openid …}}` variables;
// - JetBrains' (and httpyac's) `{{$auth.token("id")}}` / `{{$auth.idToken("id")}}` auth configurations;
// - request variables: REST Client's `{{login.response.body.$.access_token}}` (a `# @name login`
//   request's response), httpyac's `{{login.access_token}}` on a named request.
// Followed through file variables (`@token = {{$aadToken}}`) and environment values; read in .http/.rest
// files and in Markdown's ```http / ```rest fences. Pure; never throws.
import { kindOf, type DocumentName } from './documentKind';
import { httpFences } from './fences';
import { parseHttpFile, references, unescapedName, type HttpFile, type HttpParseOptions, type HttpRequest } from './httpFile';

export type MintedKind = 'aad' | 'aad-v2' | 'oidc' | 'oauth2' | 'auth-config' | 'request-variable';

/** REST Client's `$aadToken` / `$aadV2Token` options, as written (in the order its README gives). */
export interface AadOptions {
  v2: boolean;
  /** `new`: a fresh sign-in rather than REST Client's cached token. */
  fresh: boolean;
  /** `$aadToken`: public|cn|de|us|ppe; `$aadV2Token`: AzureCloud|AzureChinaCloud|AzureUSGovernment|ppe. */
  cloud?: string;
  /** `$aadToken`: the directory (domain or tenant ID); `$aadV2Token`: `tenantid:`. */
  tenant?: string;
  /** `$aadToken aud:` (an app ID or a domain). */
  audience?: string;
  /** `$aadV2Token scopes:` (comma-separated). */
  scopes?: string[];
  /** `$aadV2Token appOnly`. */
  appOnly?: boolean;
  /** `$aadV2Token clientid:`. */
  clientId?: string;
}

export interface MintedToken {
  kind: MintedKind;
  /** What makes the token, as written (`{{$aadV2Token scopes:…}}`, `oauth2 client_credentials local`), clipped. */
  expression: string;
  /** The file or environment variables it is reached through, outermost first. */
  via: string[];
  /** Request variables: the named request whose response holds the token. */
  fromRequest?: string;
  aad?: AadOptions;
  /** Offsets in the document where it shows: the Authorization value, then each file variable's value on the way. */
  ranges: Array<[number, number]>;
}

export interface MintedRequest {
  /** The request, by what names it (a fence's request: its offsets inside the document are not kept). */
  request: Pick<HttpRequest, 'name' | 'method' | 'url' | 'line'>;
  minted: MintedToken;
}

const MAX_EXPRESSION = 200;
const MAX_DEPTH = 16;

const clip = (s: string) => (s.length > MAX_EXPRESSION ? `${s.slice(0, MAX_EXPRESSION)}…` : s);

/** REST Client's `{{$aadToken [new] [public|cn|de|us|ppe] [<domain|tenantId>] [aud:<domain|tenantId>]}}` and
 * `{{$aadV2Token [new] [AzureCloud|…|ppe] [appOnly] [scopes:<scope[,]>] [tenantid:<…>] [clientid:<…>]}}`. */
export function parseAadArgs(name: string): AadOptions | undefined {
  const m = /^\$(aadToken|aadV2Token)(?:\s+([\s\S]*))?$/.exec(name.trim());
  if (!m) return undefined;
  const v2 = m[1] === 'aadV2Token';
  const out: AadOptions = { v2, fresh: false };
  for (const word of (m[2] ?? '').split(/\s+/).filter(Boolean)) {
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? word.slice(colon + 1) : '';
    if (word === 'new') out.fresh = true;
    else if (v2 && word.toLowerCase() === 'apponly') out.appOnly = true;
    else if (v2 && key === 'scopes') out.scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
    else if (v2 && key === 'tenantid') out.tenant = value;
    else if (v2 && key === 'clientid') out.clientId = value;
    else if (!v2 && key === 'aud') out.audience = value;
    else if (!v2 && /^(public|cn|de|us|ppe)$/i.test(word)) out.cloud = word.toLowerCase();
    else if (v2 && /^(AzureCloud|AzureChinaCloud|AzureUSGovernment|ppe)$/i.test(word)) out.cloud = word;
    else if (!v2 && colon < 0 && out.tenant === undefined) out.tenant = word;
  }
  return out;
}

/** What a `{{…}}` reference (the text inside the braces) mints at send time, if anything. */
export function mintedReference(name: string, requestNames: ReadonlySet<string>): { kind: MintedKind; fromRequest?: string } | undefined {
  const n = name.trim();
  if (/^\$aadToken(?:\s|$)/.test(n)) return { kind: 'aad' };
  if (/^\$aadV2Token(?:\s|$)/.test(n)) return { kind: 'aad-v2' };
  if (/^\$oidcAccessToken(?:\s|$)/.test(n)) return { kind: 'oidc' };
  if (/^\$(?:oauth2|openid)(?:\s|$)/i.test(n)) return { kind: 'oauth2' };
  if (/^\$auth\.(?:token|idToken)\s*\(/.test(n)) return { kind: 'auth-config' };
  // REST Client: `name.(request|response).(body|headers)…`; httpyac: `name.anything` on a named request.
  const dot = n.indexOf('.');
  if (dot > 0) {
    const head = n.slice(0, dot);
    if (/^[\w-]+\.(?:request|response)\.(?:body|headers)(?:\.|$)/.test(n) || requestNames.has(head)) return { kind: 'request-variable', fromRequest: head };
  }
  return undefined;
}

/** httpyac's OAuth2 / OpenID Connect header form: `Authorization: oauth2 [grant] [prefix] [token_exchange prefix]`. */
function isOAuth2Header(value: string): boolean {
  return /^\s*(?:oauth2|openid)(?:\s|$)/i.test(value);
}

interface Lookup {
  file: Map<string, { raw: string; start: number; end: number }>;
  opts: HttpParseOptions;
  requestNames: Set<string>;
}

function lookupOf(file: HttpFile, opts: HttpParseOptions): Lookup {
  const vars = new Map<string, { raw: string; start: number; end: number }>();
  for (const v of file.variables) vars.set(v.name, { raw: v.raw, start: v.valueStart, end: v.valueEnd });
  const requestNames = new Set(file.requests.map((r) => r.name).filter((x): x is string => !!x));
  return { file: vars, opts, requestNames };
}

/** The first reference in `text` that mints a token, followed through variables. */
function trace(text: string, at: [number, number] | undefined, l: Lookup, via: string[], ranges: Array<[number, number]>, depth: number): MintedToken | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const here = at ? [...ranges, at] : ranges;
  if (depth > 0 && isOAuth2Header(text)) return { kind: 'oauth2', expression: clip(text.trim()), via, ranges: here };
  for (const ref of references(text)) {
    const name = unescapedName(ref.name);
    const direct = mintedReference(name, l.requestNames);
    if (direct) {
      const m: MintedToken = { kind: direct.kind, expression: clip(`{{${name}}}`), via, ranges: here };
      if (direct.fromRequest) m.fromRequest = direct.fromRequest;
      if (direct.kind === 'aad' || direct.kind === 'aad-v2') m.aad = parseAadArgs(name);
      return m;
    }
    if (via.includes(name)) continue; // a cycle
    const env = l.opts.environment;
    const envValue = env && Object.prototype.hasOwnProperty.call(env, name) && typeof env[name] === 'string' ? env[name] : undefined;
    const fileVar = l.file.get(name);
    const useEnv = envValue !== undefined && (l.opts.environmentFirst || !fileVar);
    if (useEnv) {
      const found = trace(envValue, undefined, l, [...via, name], here, depth + 1);
      if (found) return found;
    } else if (fileVar) {
      const found = trace(fileVar.raw, [fileVar.start, fileVar.end], l, [...via, name], here, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The token `r` gets when it is sent, when its Authorization header makes one then. */
export function mintedTokenOf(file: HttpFile, r: HttpRequest, opts: HttpParseOptions = {}): MintedToken | undefined {
  const l = lookupOf(file, opts);
  for (const h of r.headers) {
    if (h.name.toLowerCase() !== 'authorization') continue;
    const at: [number, number] = [h.valueStart, h.valueEnd];
    if (isOAuth2Header(h.raw)) return { kind: 'oauth2', expression: clip(h.raw.trim()), via: [], ranges: [at] };
    const found = trace(h.raw, at, l, [], [], 0);
    if (found) return found;
  }
  return undefined;
}

/** The requests of one parsed request file whose token is minted when they are sent. */
function mintedIn(file: HttpFile, opts: HttpParseOptions): MintedRequest[] {
  const out: MintedRequest[] = [];
  for (const request of file.requests) {
    const minted = mintedTokenOf(file, request, opts);
    if (minted) out.push({ request, minted });
  }
  return out;
}

/** `m`, found in a fence read on its own, at its line and offsets in the whole document. */
function shifted(m: MintedRequest, base: number, baseLine: number): MintedRequest {
  return { request: { ...m.request, line: m.request.line + baseLine }, minted: { ...m.minted, ranges: m.minted.ranges.map(([s, e]): [number, number] => [s + base, e + base]) } };
}

/**
 * Every request whose token is minted when it is sent: in a request file (.http/.rest), and in the
 * ```http / ```rest fences of a Markdown document (each fence a request file of its own, with
 * document offsets and lines). Never throws.
 */
export function findMintedRequests(text: string, doc: DocumentName, opts: HttpParseOptions = {}): MintedRequest[] {
  try {
    const kind = kindOf(doc, text);
    if (kind === 'http') return mintedIn(parseHttpFile(text, opts), opts);
    if (kind !== 'markdown') return [];
    return httpFences(text).flatMap((f) => mintedIn(parseHttpFile(text.slice(f.start, f.end), opts), opts).map((m) => shifted(m, f.start, f.line)));
  } catch {
    return [];
  }
}

/** The minted request whose Authorization value or variable definition holds `offset`. */
export function mintedAtOffset(list: readonly MintedRequest[], offset: number): MintedRequest | undefined {
  return list.find((m) => m.minted.ranges.some(([s, e]) => offset >= s && offset <= e));
}

/** True for the REST Client variables whose token this extension can get now through VS Code's sign-in. */
export function canGetNow(m: MintedToken): boolean {
  return (m.kind === 'aad' || m.kind === 'aad-v2') && !m.aad?.appOnly;
}

/** True for a system variable that makes a token at send time (`$aadToken …`, `$oauth2 …`, `$auth.token(…)`). */
export function isMintingVariable(name: string): boolean {
  const k = mintedReference(name, new Set())?.kind;
  return k !== undefined && k !== 'request-variable';
}

/** Parse options where a token given by the user (sign-in, `--token`) stands in for the variables that mint one. */
export function withGivenToken(opts: HttpParseOptions, token: string): HttpParseOptions {
  return { ...opts, dynamic: (name: string) => (isMintingVariable(name) ? token : opts.dynamic?.(name)) };
}

/**
 * With a token given in place of the minted one, the names that stay unresolved only because the
 * Authorization header used them (a request variable whose request was not sent): the header is
 * replaced as a whole, so they no longer stop the send. Names also used in the URL, another header or
 * the body still do.
 */
export function unresolvedBesidesAuthorization(r: HttpRequest): string[] {
  const elsewhere = [r.url, r.body ?? '', r.bodyFile?.path ?? '', ...r.headers.filter((h) => h.name.toLowerCase() !== 'authorization').map((h) => h.value)].join('\n');
  return r.unresolved.filter((n) => elsewhere.includes(`{{${n}}}`) || elsewhere.includes(`{{ ${n} }}`));
}
