// Preparing a replay, shared by the CLI (`jwt-mfa diagnose --send`) and the extension's "Replay Request &
// Diagnose": .http environments (REST Client setting, JetBrains http-client.env.json), system variables,
// body files, the headers a replay sends, and the proxy to use. No vscode import.
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { DiagnoseRequest } from '../core/diagnose';
import { redactUrl } from '../core/redact';
import { environmentNames, environmentVariables, expandAuthorization, resolveTemplate, type HttpFile, type HttpParseOptions, type HttpRequest } from '../core/http/httpFile';
import { readJsonc } from './jsonc';
import type { SendRequest } from './send';

/** A request that cannot be prepared (unknown environment, unresolved variable, unreadable body file): nothing was sent. */
export class PrepareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrepareError';
  }
}

export type Headers = ReadonlyArray<readonly [string, string]>;

/** Headers for a replay: no HTTP/2 pseudo-headers or hop-by-hop ones; `token` replaces Authorization. */
export function replayHeaders(headers: Headers, token?: string): Array<[string, string]> {
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'accept-encoding']);
  const out: Array<[string, string]> = headers.filter(([n]) => !n.startsWith(':') && !hop.has(n.toLowerCase())).map(([n, v]) => [n, v]);
  if (token) {
    const rest = out.filter(([n]) => n.toLowerCase() !== 'authorization');
    rest.push(['Authorization', `Bearer ${token}`]);
    return rest;
  }
  return out;
}

/** The bearer credential of an Authorization header, as sent. */
export function bearerOf(headers: Headers | undefined): string | undefined {
  const v = headers?.find(([n]) => n.toLowerCase() === 'authorization')?.[1].trim();
  return v && /^bearer\s/i.test(v) ? v.slice(6).trim() : undefined;
}

export interface ProxySettings {
  /** An explicit proxy (VS Code's `http.proxy`); empty or absent: the environment's. */
  proxy?: string;
  /** Hosts never proxied (VS Code's `http.noProxy`), added to NO_PROXY. */
  noProxy?: readonly string[];
}

function bypassed(host: string, list: readonly string[]): boolean {
  return list.some((raw) => {
    const n = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (!n) return false;
    if (n === '*') return true;
    const bare = n.replace(/^\*?\./, '');
    return host === bare || host.endsWith(`.${bare}`);
  });
}

/** The http proxy for `url`: loopback never, then the explicit one, then HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured. */
export function proxyFor(url: string, env: Record<string, string | undefined>, settings: ProxySettings = {}): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const host = u.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host.startsWith('127.')) return undefined;
  const noProxy = [...(env.NO_PROXY ?? env.no_proxy ?? '').split(','), ...(settings.noProxy ?? [])];
  if (bypassed(host, noProxy)) return undefined;
  if (settings.proxy?.trim()) return settings.proxy.trim();
  const p = u.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  return p || undefined;
}

/** REST Client / JetBrains system variables (`$guid`, `$timestamp`, `$randomInt a b`, `$processEnv X`…). */
export function dynamicVariables(now: number, env: Record<string, string | undefined>): (name: string) => string | undefined {
  return (name) => {
    const [n, ...rest] = name.split(/\s+/);
    switch (n) {
      case '$guid':
      case '$uuid':
      case '$random.uuid':
        return randomUUID();
      case '$timestamp':
        return rest.length ? undefined : String(Math.floor(now / 1000));
      case '$isoTimestamp':
        return new Date(now).toISOString();
      case '$randomInt':
        return rest.length === 2 && Number.isInteger(Number(rest[0])) && Number(rest[1]) > Number(rest[0])
          ? String(randomInt(Number(rest[0]), Number(rest[1])))
          : rest.length
            ? undefined
            : String(randomInt(0, 1000));
      case '$processEnv': {
        const key = (rest[0] ?? '').replace(/^%/, '');
        return key ? env[key] : undefined;
      }
      default:
        return undefined;
    }
  };
}

/** Where a .http file's environments come from. */
export interface HttpEnvSources {
  /** http-client.env.json beside the file. */
  jbPublic?: unknown;
  /** http-client.private.env.json beside the file. */
  jbPrivate?: unknown;
  /** The `rest-client.environmentVariables` setting. */
  restClient?: unknown;
}

/** Reads JetBrains' env files from `dir` (when given) next to REST Client's setting value. */
export async function readHttpEnvSources(dir: string | undefined, restClient: unknown): Promise<HttpEnvSources> {
  if (!dir) return { restClient };
  const [jbPublic, jbPrivate] = await Promise.all([readJsonc(path.join(dir, 'http-client.env.json')), readJsonc(path.join(dir, 'http-client.private.env.json'))]);
  return { jbPublic, jbPrivate, restClient };
}

/** Every environment name, JetBrains first, without repeats. */
export function httpEnvironmentNames(src: HttpEnvSources): string[] {
  return [...new Set([...environmentNames(src.jbPublic), ...environmentNames(src.jbPrivate), ...environmentNames(src.restClient)])];
}

/**
 * Variables of the environment `name` (JetBrains' files win over REST Client's setting when both
 * define it). Without a name: REST Client's `$shared` only. Throws PrepareError for an unknown name.
 */
export function selectHttpEnvironment(src: HttpEnvSources, name: string | undefined): Pick<HttpParseOptions, 'environment' | 'shared' | 'environmentFirst'> {
  const jbNames = [...new Set([...environmentNames(src.jbPublic), ...environmentNames(src.jbPrivate)])];
  if (name === undefined) return src.restClient ? environmentVariables(src.restClient, undefined) : { environment: {}, shared: {} };
  if (jbNames.includes(name)) {
    const pub = environmentVariables(src.jbPublic, name);
    const priv = environmentVariables(src.jbPrivate, name);
    return { environment: { ...pub.environment, ...priv.environment }, shared: {}, environmentFirst: true };
  }
  if (environmentNames(src.restClient).includes(name)) return environmentVariables(src.restClient, name);
  const known = httpEnvironmentNames(src);
  throw new PrepareError(
    `environment "${name}" not found (known: ${known.length ? known.join(', ') : 'none'}; looked in http-client.env.json and the rest-client.environmentVariables setting)`,
  );
}

export interface PreparedSend {
  /** What the diagnosis is told about the request (headers as sent). */
  request: DiagnoseRequest;
  send: SendRequest;
}

const unresolvedList = (names: readonly string[]) => names.map((n) => `{{${n}}}`).join(', ');

/**
 * A parsed .http request made ready to send: refuses unresolved variables, reads a `<`/`<@` body file
 * (relative to `dir`), expands REST Client's Basic shorthand. `label` names the request in errors.
 */
export async function prepareHttpSend(file: HttpFile, r: HttpRequest, opts: { dir?: string; parse: HttpParseOptions; token?: string; label: string }): Promise<PreparedSend> {
  if (r.unresolved.length) throw new PrepareError(`cannot send ${opts.label} (${r.method} ${redactUrl(r.rawUrl).slice(0, 200)}): unresolved variable(s) ${unresolvedList(r.unresolved)}; nothing was sent`);
  const headers = r.headers.map((h): [string, string] => [h.name, h.name.toLowerCase() === 'authorization' ? expandAuthorization(h.value) : h.value]);
  let body = r.body;
  if (r.bodyFile) {
    if (!opts.dir) throw new PrepareError(`cannot send ${opts.label}: its body file ${r.bodyFile.path} cannot be read from an unsaved document; nothing was sent`);
    try {
      body = await fsp.readFile(path.resolve(opts.dir, r.bodyFile.path), 'utf8');
    } catch {
      throw new PrepareError(`cannot send ${opts.label}: its body file ${r.bodyFile.path} cannot be read; nothing was sent`);
    }
    if (r.bodyFile.substitute) {
      const { value, unresolved } = resolveTemplate(file, body, opts.parse);
      if (unresolved.length) throw new PrepareError(`cannot send ${opts.label}: unresolved variable(s) ${unresolvedList(unresolved)} in ${r.bodyFile.path}; nothing was sent`);
      body = value;
    }
  }
  const sent = replayHeaders(headers, opts.token);
  return { request: { method: r.method, url: r.url, headers: sent, line: r.line }, send: { method: r.method, url: r.url, headers: sent, body } };
}
