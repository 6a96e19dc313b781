// Preparing a replay, shared by the CLI (`jwt-mfa diagnose --send`) and the extension's "Replay Request &
// Diagnose": .http environments (REST Client setting, JetBrains http-client.env.json), system variables,
// body files, the headers a replay sends, and the proxy to use. No vscode import.
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { environmentNames, environmentVariables, expandAuthorization, resolveTemplate, type HttpFile, type HttpParseOptions, type HttpRequest } from '../core/http/httpFile';
import { bearerOf, replayHeaders, secretsOf, type HeaderPairs, type PreparedSend } from '../core/prepareSend';
import { parseUrl } from '../core/audiences';
import { redactUrl } from '../core/redact';
import { isCredentialHeader } from '../core/replayPolicy';
import { scan } from '../core/scan';
import { readJsonc } from './jsonc';

/** A request that cannot be prepared (unknown environment, unresolved variable, unreadable body file): nothing was sent. */
export class PrepareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrepareError';
  }
}

export type Headers = HeaderPairs;
export { bearerOf, replayHeaders };

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
  const u = parseUrl(url);
  if (!u) return undefined;
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

export type { PreparedSend };

const unresolvedList = (names: readonly string[]) => names.map((n) => `{{${n}}}`).join(', ');

/** Variable names that hold credentials by their name. */
const SECRET_NAME = /token|secret|passw|pwd|key|sig|auth|cred|cookie|session|bearer/i;

/**
 * The values of the variables that resolved into the request and hold a credential: a JWT, a value
 * used in a credential header, a value of a variable named like one, or one read from the process
 * environment (`$processEnv`). Redacted by value wherever the request is shown.
 */
function variableSecrets(file: HttpFile, req: { url: string; headers: HeaderPairs; body?: string }, parse: HttpParseOptions, fromEnv: readonly string[]): string[] {
  const named: Array<[string, string]> = [
    ...Object.entries(parse.environment ?? {}),
    ...Object.entries(parse.shared ?? {}),
    ...file.variables.map((v): [string, string] => [v.name, resolveTemplate(file, `{{${v.name}}}`, parse).value]),
  ].filter((e): e is [string, string] => typeof e[1] === 'string');
  const credentialText = req.headers.filter(([n]) => isCredentialHeader(n)).map(([, v]) => v).join('\n');
  const all = [req.url, ...req.headers.map(([, v]) => v), req.body ?? ''].join('\n');
  const out: string[] = [];
  for (const [name, value] of named) {
    const v = value.trim();
    if (v.length < 4 || !all.includes(v)) continue;
    if (SECRET_NAME.test(name) || credentialText.includes(v) || scan(v).length > 0) out.push(v);
  }
  for (const v of fromEnv) if (v.trim().length >= 4 && all.includes(v.trim())) out.push(v.trim());
  return out;
}

/** `dynamic` that also records each `$processEnv` value it hands out (they are treated as secrets). */
export function recordingDynamic(dynamic: HttpParseOptions['dynamic'], seen: string[]): HttpParseOptions['dynamic'] {
  if (!dynamic) return dynamic;
  return (name) => {
    const v = dynamic(name);
    if (v !== undefined && /^\$processEnv\b/.test(name)) seen.push(v);
    return v;
  };
}

/** A body file's real path, refused unless it lies inside `root` after symlinks are followed. */
async function bodyFilePath(dir: string, file: string, root: string | undefined, label: string): Promise<string> {
  const target = path.resolve(dir, file);
  let real: string;
  try {
    real = await fsp.realpath(target);
  } catch {
    throw new PrepareError(`cannot send ${label}: its body file ${file} cannot be read; nothing was sent`);
  }
  if (!root) throw new PrepareError(`cannot send ${label}: its body file ${file} is outside the workspace folder; nothing was sent`);
  let realRoot: string;
  try {
    realRoot = await fsp.realpath(root);
  } catch {
    realRoot = path.resolve(root);
  }
  const rel = path.relative(realRoot, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    throw new PrepareError(`cannot send ${label}: its body file ${file} is outside the workspace folder (${realRoot}); nothing was sent`);
  return real;
}

/**
 * A parsed .http request made ready to send: refuses unresolved variables, reads a `<`/`<@` body file
 * (relative to `dir`, and only inside `root`, the workspace folder, by real path), expands REST
 * Client's Basic shorthand. `label` names the request in errors. `processEnvValues`: the values the
 * parse's `dynamic` handed out for `$processEnv` (see recordingDynamic).
 */
export async function prepareHttpSend(
  file: HttpFile,
  r: HttpRequest,
  opts: { dir?: string; root?: string; parse: HttpParseOptions; token?: string; label: string; processEnvValues?: readonly string[] },
): Promise<PreparedSend> {
  if (r.unresolved.length) throw new PrepareError(`cannot send ${opts.label} (${r.method} ${redactUrl(r.rawUrl).slice(0, 200)}): unresolved variable(s) ${unresolvedList(r.unresolved)}; nothing was sent`);
  const headers = r.headers.map((h): [string, string] => [h.name, h.name.toLowerCase() === 'authorization' ? expandAuthorization(h.value) : h.value]);
  let body = r.body;
  const fromEnv = [...(opts.processEnvValues ?? [])];
  if (r.bodyFile) {
    if (!opts.dir) throw new PrepareError(`cannot send ${opts.label}: its body file ${r.bodyFile.path} cannot be read from an unsaved document; nothing was sent`);
    const real = await bodyFilePath(opts.dir, r.bodyFile.path, opts.root, opts.label);
    try {
      body = await fsp.readFile(real, 'utf8');
    } catch {
      throw new PrepareError(`cannot send ${opts.label}: its body file ${r.bodyFile.path} cannot be read; nothing was sent`);
    }
    if (r.bodyFile.substitute) {
      const seen: string[] = [];
      const { value, unresolved } = resolveTemplate(file, body, { ...opts.parse, dynamic: recordingDynamic(opts.parse.dynamic, seen) });
      if (unresolved.length) throw new PrepareError(`cannot send ${opts.label}: unresolved variable(s) ${unresolvedList(unresolved)} in ${r.bodyFile.path}; nothing was sent`);
      body = value;
      fromEnv.push(...seen);
    }
  }
  const sent = replayHeaders(headers, opts.token);
  const send = { method: r.method, url: r.url, headers: sent, body };
  return {
    request: { method: r.method, url: r.url, headers: sent, line: r.line },
    send,
    followRedirects: true,
    secrets: [...new Set([...secretsOf(send, [opts.token]), ...variableSecrets(file, send, opts.parse, fromEnv)])],
  };
}
