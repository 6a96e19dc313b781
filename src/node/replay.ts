// Preparing a replay, shared by the CLI (`jwt-mfa diagnose --send`) and the extension's "Replay Request &
// Diagnose": .http environments (REST Client setting, JetBrains http-client.env.json, .env), system variables,
// body files, the headers a replay sends, and the proxy to use. No vscode import.
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { readEnvironments, selectEnvironment, withDotenv, type EnvSource, type Environments, type SelectedEnvironment } from '../core/http/environments';
import { expandAuthorization, resolveTemplate, type HttpFile, type HttpParseOptions, type HttpRequest } from '../core/http/httpFile';
import { bearerOf, replayHeaders, secretsOf, type HeaderPairs, type PreparedSend } from '../core/prepareSend';
import { parseUrl } from '../core/audiences';
import { redactUrl } from '../core/redact';
import { isCredentialHeader } from '../core/replayPolicy';
import { scan } from '../core/scan';

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

/** A .http file's environments: the sources read and what they define (see core/http/environments). */
export type HttpEnvSources = Environments & { sources: EnvSource[] };

export const ENV_FILE_NAMES = ['http-client.env.json', 'http-client.private.env.json'] as const;

/** Files whose tokens are judged for the request files beside them: the env JSON files and `.env`. */
export function isEnvironmentFileName(file: string): boolean {
  const base = path.basename(file);
  return base === '.env' || (ENV_FILE_NAMES as readonly string[]).includes(base);
}

async function readSmallText(file: string): Promise<string | undefined> {
  try {
    const st = await fsp.stat(file);
    if (!st.isFile() || st.size > 8 * 1048576) return undefined;
    return await fsp.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The `.env` that `{{$dotenv}}` reads for a file in `dir`: the nearest one from `dir` upwards (as
 * REST Client looks), but never above `root` (the workspace folder, the CLI's folder); with no root,
 * or a dir outside it, only `dir` itself.
 */
export async function findDotenv(dir: string, root: string | undefined): Promise<string | undefined> {
  const top = root ? path.resolve(root) : undefined;
  let d = path.resolve(dir);
  const inside = top !== undefined && (d === top || !path.relative(top, d).startsWith('..'));
  for (;;) {
    const f = path.join(d, '.env');
    if ((await readSmallText(f)) !== undefined) return f;
    if (!inside || d === top) return undefined;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * Reads a .http file's environments: JetBrains' env files in `dir` (an open editor's unsaved text
 * wins through `textOf`), the nearest `.env` (see findDotenv), and REST Client's setting, given as
 * the settings.json text that holds it (positions known) or as a value.
 */
export async function readHttpEnvSources(
  dir: string | undefined,
  restClient: unknown,
  opts: { root?: string; restClientFile?: { path: string; text: string }; textOf?: (file: string) => string | undefined } = {},
): Promise<HttpEnvSources> {
  const sources: EnvSource[] = [];
  const read = async (f: string) => opts.textOf?.(f) ?? (await readSmallText(f));
  if (dir) {
    for (const name of ENV_FILE_NAMES) {
      const f = path.join(dir, name);
      const text = await read(f);
      if (text !== undefined) sources.push({ kind: name, path: f, text });
    }
    const dot = await findDotenv(dir, opts.root);
    const text = dot ? await read(dot) : undefined;
    if (dot && text !== undefined) sources.push({ kind: 'dotenv', path: dot, text });
  }
  if (opts.restClientFile) sources.push({ kind: 'rest-client', path: opts.restClientFile.path, text: opts.restClientFile.text });
  else if (restClient !== undefined) sources.push({ kind: 'rest-client', value: restClient });
  return { ...readEnvironments(sources), sources };
}

/** Every environment name, JetBrains first, without repeats. */
export function httpEnvironmentNames(src: Environments): string[] {
  return src.names;
}

/**
 * Variables of the environment `name` (JetBrains' files win over REST Client's setting when both
 * define it). Without a name: REST Client's `$shared` only. Throws PrepareError for an unknown name.
 */
export function selectHttpEnvironment(src: Environments, name: string | undefined): SelectedEnvironment {
  const r = selectEnvironment(src, name);
  if ('error' in r) throw new PrepareError(r.error);
  return r;
}

/**
 * Parse options to send a request of a .http file in environment `name`: its variables, system
 * variables and `{{$dotenv}}`; each `$processEnv` and `$dotenv` value handed out lands in `seen`
 * (they are treated as secrets). Throws PrepareError for an unknown name.
 */
export function httpSendOptions(src: Environments, name: string | undefined, now: number, env: Record<string, string | undefined>, seen: string[]): HttpParseOptions {
  const selected = selectHttpEnvironment(src, name);
  return { ...selected, dynamic: recordingDynamic(withDotenv(src, selected, dynamicVariables(now, env)), seen) };
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

/** `dynamic` that also records each `$processEnv` and `$dotenv` value it hands out (they are treated as secrets). */
export function recordingDynamic(dynamic: HttpParseOptions['dynamic'], seen: string[]): HttpParseOptions['dynamic'] {
  if (!dynamic) return dynamic;
  return (name) => {
    const v = dynamic(name);
    if (v !== undefined && /^\$(?:processEnv|dotenv)\b/.test(name)) seen.push(v);
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
