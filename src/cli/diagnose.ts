// `jwt-mfa diagnose <file>`: explains a recorded (HAR entry, raw response) or replayed (--send) 401/403.
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import { renderFinding, toLocale } from '../core/catalog/findings';
import { diagnose, redactUrl, renderCauses, type DiagnoseInput, type DiagnoseRequest, type Diagnosis } from '../core/diagnose';
import { findCurlCommands } from '../core/http/curl';
import { looksLikeHar, readHar } from '../core/http/har';
import { environmentNames, environmentVariables, expandAuthorization, parseHttpFile, resolveTemplate } from '../core/http/httpFile';
import { findRawResponses } from '../core/http/rawResponse';
import { findRequestSites } from '../core/http/sites';
import { LineIndex, type Position } from '../core/positions';
import { redactText } from '../core/redact';
import { settingsFromJson, type Settings } from '../core/settings';
import type { Locale } from '../core/types';
import { send, SendError, type SendRequest } from '../node/send';

export interface DiagnoseIO {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  now: () => number;
}

export const DIAGNOSE_USAGE =
  'jwt-mfa diagnose <file> [--entry N] [--send] [--timeout MS] [--env NAME] [--format text|json] [--now T] [--lang en|ja] [--token JWT|-] [--token-file F]';

/** A failure with a message for the user (exit 2). */
class UserError extends Error {}

/** `--now`: ISO-8601 or unix seconds -> epoch ms. */
export function parseNow(v: string): number {
  const s = v.trim();
  if (/^\d{1,12}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return t;
  }
  throw new UserError(`--now: not an ISO-8601 date or unix seconds: ${s.slice(0, 40)}`);
}

function decodeText(buf: Buffer, name: string): string {
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) throw new UserError(`${name}: binary file, not text`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new UserError(`${name}: not valid UTF-8 text`);
  }
}

async function readText(file: string, io: DiagnoseIO): Promise<string> {
  if (file === '-') return io.readStdin();
  const p = path.resolve(io.cwd, file);
  let buf: Buffer;
  try {
    const st = await fsp.stat(p);
    if (st.isDirectory()) throw new UserError(`${file}: is a directory`);
    if (st.size > 512 * 1024 * 1024) throw new UserError(`${file}: too large (${Math.round(st.size / 1048576)} MB)`);
    buf = await fsp.readFile(p);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`);
  }
  return decodeText(buf, file);
}

async function readJsonc(p: string): Promise<unknown> {
  try {
    return parseJsonc(await fsp.readFile(p, 'utf8'), [], { allowTrailingComma: true });
  } catch {
    return undefined;
  }
}

/** Headers for a replay: no HTTP/2 pseudo-headers or hop-by-hop ones; --token replaces Authorization. */
function replayHeaders(headers: ReadonlyArray<readonly [string, string]>, token: string | undefined): Array<[string, string]> {
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
function bearerOf(headers: ReadonlyArray<readonly [string, string]> | undefined): string | undefined {
  const v = headers?.find(([n]) => n.toLowerCase() === 'authorization')?.[1].trim();
  return v && /^bearer\s/i.test(v) ? v.slice(6).trim() : undefined;
}

function proxyFor(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const env = process.env;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const host = u.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host.startsWith('127.')) return undefined;
  if (noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`))) return undefined;
  const p = u.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  return p || undefined;
}

const LABELS = {
  en: { request: 'Request', response: 'Response', token: 'Token', findings: 'Findings', causes: 'Causes', evidence: 'evidence', remedy: 'remedy', correlation: 'Correlation ids', none: 'No causes: the response is not a failure.', noToken: 'none' },
  ja: { request: '要求', response: '応答', token: 'トークン', findings: '検出結果', causes: '原因', evidence: '根拠', remedy: '対処', correlation: '相関 ID', none: '原因なし: 応答は失敗ではありません。', noToken: 'なし' },
};

/** Where the sent token sits in the file, as scan's JSON gives it (0-based, UTF-16, a BOM is not a character). */
type TokenPlace = { start: Position; end: Position } | undefined;

function placeOf(text: string, fileName: string, line: number | undefined, raw: string | undefined): TokenPlace {
  if (line === undefined || !raw) return undefined;
  const site = findRequestSites(text, fileName).find((s) => s.requests.some((r) => r.line === line) && text.slice(s.start, s.end) === raw);
  if (!site) return undefined;
  const index = new LineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const pos = (o: number): Position => {
    const p = index.positionAt(o);
    return p.line === 0 ? { line: 0, character: p.character - bom } : p;
  };
  return { start: pos(site.start), end: pos(site.end) };
}

function tokenJson(d: Diagnosis, locale: Locale, place: TokenPlace): unknown {
  if (!d.token) return null;
  return {
    ...(place ?? {}),
    kind: d.token.decoded.kind,
    header: d.token.decoded.header,
    claims: d.token.decoded.claims,
    signature: 'not-checked',
    findings: d.token.findings.map((f) => {
      const r = renderFinding(f, locale);
      return { code: r.code, severity: r.severity, message: r.message, remedy: r.remedy, ...(f.request ? { request: { line: f.request.line, url: redactUrl(f.request.url) } } : {}) };
    }),
  };
}

function toJson(d: Diagnosis, locale: Locale, place: TokenPlace): string {
  const out = {
    request: d.request,
    response: { status: d.response.status, statusText: d.response.statusText, headers: d.response.headers, challenges: d.response.challenges },
    token: tokenJson(d, locale, place),
    causes: renderCauses(d, locale),
  };
  return redactText(JSON.stringify(out, null, 2)) + '\n';
}

/** Control characters (bidi, escapes) shown visibly in a terminal. */
function inert(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function toText(d: Diagnosis, locale: Locale): string {
  const L = LABELS[locale];
  const lines: string[] = [];
  if (d.request) lines.push(`${L.request}: ${d.request.method} ${d.request.url}`);
  lines.push(`${L.response}: ${d.response.status}${d.response.statusText ? ' ' + d.response.statusText : ''}`);
  for (const [n, v] of d.response.headers) if (n.toLowerCase() === 'www-authenticate') lines.push(`  ${n}: ${v}`);
  if (d.correlation.length) lines.push(`${L.correlation}: ${d.correlation.map(([n, v]) => `${n}=${v}`).join(', ')}`);
  if (d.token) {
    const c = d.token.decoded.claims ?? {};
    const show = (k: string) => (c[k] === undefined ? undefined : `${k}=${JSON.stringify(c[k])}`);
    lines.push(`${L.token}: ${d.token.redacted}  ${['aud', 'amr', 'scp', 'roles', 'idtyp', 'exp'].map(show).filter(Boolean).join(' ')}`);
    for (const f of d.token.findings) {
      const r = renderFinding(f, locale);
      lines.push(`  ${r.severity} ${r.code}: ${r.message}`);
    }
  } else lines.push(`${L.token}: ${L.noToken}`);
  const causes = renderCauses(d, locale);
  if (!causes.length) lines.push(L.none);
  else {
    lines.push(`${L.causes}:`);
    causes.forEach((c, i) => {
      lines.push(`${i + 1}. [${c.confidence}] ${c.code}: ${c.summary}`);
      for (const e of c.evidence) lines.push(`     ${L.evidence}: ${e}`);
      lines.push(`     ${L.remedy}: ${c.remedy}`);
    });
  }
  return redactText(inert(lines.join('\n'))) + '\n';
}

export async function runDiagnose(args: string[], io: DiagnoseIO): Promise<number> {
  let json = args.includes('--format=json') || args.some((a, i) => a === '--format' && args[i + 1] === 'json');
  const fail = (msg: string): number => {
    const m = redactText(msg);
    if (json) io.stdout(JSON.stringify({ error: m }) + '\n');
    else io.stderr(`jwt-mfa diagnose: ${m}\n`);
    return 2;
  };
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          entry: { type: 'string' },
          send: { type: 'boolean' },
          timeout: { type: 'string' },
          env: { type: 'string' },
          format: { type: 'string' },
          now: { type: 'string' },
          lang: { type: 'string' },
          token: { type: 'string' },
          'token-file': { type: 'string' },
        },
      });
    } catch (e) {
      return fail(`${(e as Error).message.split('\n')[0]}. Usage: ${DIAGNOSE_USAGE}`);
    }
    const v = parsed.values;
    const format = v.format ?? 'text';
    if (format !== 'text' && format !== 'json') return fail(`--format must be text or json. Usage: ${DIAGNOSE_USAGE}`);
    json = format === 'json';
    if (parsed.positionals.length !== 1) return fail(`give exactly one file. Usage: ${DIAGNOSE_USAGE}`);
    if (v.lang !== undefined && v.lang !== 'en' && v.lang !== 'ja') return fail('--lang must be en or ja');
    const locale: Locale = v.lang ? (v.lang as Locale) : toLocale(process.env.LC_ALL || process.env.LANG);
    const now = v.now !== undefined ? parseNow(v.now) : io.now();
    const entryN = v.entry === undefined ? 1 : Number(v.entry);
    if (!Number.isInteger(entryN) || entryN < 1) return fail('--entry must be a whole number from 1');
    const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
    if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) return fail('--timeout must be a positive number of milliseconds');
    const file = parsed.positionals[0];
    if (v.token !== undefined && v['token-file'] !== undefined) return fail('give --token or --token-file, not both');
    if (file === '-' && v.token === '-') return fail('standard input cannot hold both the file and the token');

    // Settings (and REST Client environments) from the current folder, as the editor sees them.
    const settingsJson = await readJsonc(path.join(io.cwd, '.vscode', 'settings.json'));
    const settings: Settings = settingsFromJson(settingsJson);

    let token: string | undefined;
    if (v.token !== undefined) token = (v.token === '-' ? await io.readStdin() : v.token).trim();
    if (v['token-file'] !== undefined) token = (await readText(v['token-file'], io)).trim();
    if (token === '') return fail('the token given is empty');

    const text = await readText(file, io);
    const ext = path.extname(file).toLowerCase();
    const prepared = await prepare({ text, ext, file, entryN, send: !!v.send, envName: v.env, token, io, settingsJson });

    let input = prepared.input;
    if (prepared.send) {
      const req = prepared.send;
      const res = await send(req, {
        timeoutMs: timeout ?? settings.replayTimeoutMs,
        maxBodyBytes: Math.round(settings.replayMaxBodyMB * 1024 * 1024),
        proxy: proxyFor(req.url),
      });
      // A replayed HAR request keeps its origin: a sanitized export still explains a missing token.
      input = { ...input, response: { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body }, source: input.source === 'har' ? 'har' : 'live' };
    }
    const d = diagnose({ ...input, settings, now, token: token ?? input.token });
    const sentRaw = token ? undefined : bearerOf(input.request?.headers);
    const place = file === '-' && !looksLikeHar(text) ? undefined : placeOf(text, file === '-' ? 'stdin.har' : file, input.request?.line, sentRaw);
    io.stdout(json ? toJson(d, locale, place) : toText(d, locale));
    return d.response.status === 401 || d.response.status === 403 ? 1 : 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof SendError) return fail(e.message);
    return fail(`unexpected error: ${(e as Error)?.message ?? String(e)}`);
  }
}

interface PrepareArgs {
  text: string;
  ext: string;
  file: string;
  entryN: number;
  send: boolean;
  envName?: string;
  token?: string;
  io: DiagnoseIO;
  settingsJson: unknown;
}

type PreparedInput = { input: Omit<DiagnoseInput, 'settings' | 'now'>; send?: SendRequest };

async function prepare(a: PrepareArgs): Promise<PreparedInput> {
  if (a.ext === '.http' || a.ext === '.rest') return prepareHttp(a);
  if (a.ext === '.har' || looksLikeHar(a.text)) return prepareHar(a);
  return prepareOther(a);
}

async function prepareHttp(a: PrepareArgs): Promise<PreparedInput> {
  // Environments: JetBrains http-client.env.json (+ private) beside the file, or REST Client's setting.
  const dir = a.file === '-' ? a.io.cwd : path.dirname(path.resolve(a.io.cwd, a.file));
  const jbPublic = await readJsonc(path.join(dir, 'http-client.env.json'));
  const jbPrivate = await readJsonc(path.join(dir, 'http-client.private.env.json'));
  const rc = a.settingsJson && typeof a.settingsJson === 'object' ? (a.settingsJson as Record<string, unknown>)['rest-client.environmentVariables'] : undefined;
  let envs: { environment: Record<string, string>; shared: Record<string, string> } = { environment: {}, shared: {} };
  let environmentFirst = false;
  const jbNames = [...new Set([...environmentNames(jbPublic), ...environmentNames(jbPrivate)])];
  if (a.envName !== undefined) {
    if (jbNames.includes(a.envName)) {
      const pub = environmentVariables(jbPublic, a.envName);
      const priv = environmentVariables(jbPrivate, a.envName);
      envs = { environment: { ...pub.environment, ...priv.environment }, shared: {} };
      environmentFirst = true;
    } else if (environmentNames(rc).includes(a.envName)) envs = environmentVariables(rc, a.envName);
    else {
      const known = [...jbNames, ...environmentNames(rc)];
      throw new UserError(`environment "${a.envName}" not found (known: ${known.length ? known.join(', ') : 'none'}; looked in http-client.env.json and .vscode/settings.json rest-client.environmentVariables)`);
    }
  } else if (rc) envs = environmentVariables(rc, undefined);

  const now = a.io.now();
  const dynamic = (name: string): string | undefined => {
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
        return rest.length === 2 && Number.isInteger(Number(rest[0])) && Number(rest[1]) > Number(rest[0]) ? String(randomInt(Number(rest[0]), Number(rest[1]))) : rest.length ? undefined : String(randomInt(0, 1000));
      case '$processEnv': {
        const key = (rest[0] ?? '').replace(/^%/, '');
        const val = key ? process.env[key] : undefined;
        return val;
      }
      default:
        return undefined;
    }
  };
  const file = parseHttpFile(a.text, { ...envs, dynamic, environmentFirst });
  const r = file.requests[a.entryN - 1];
  if (!r) throw new UserError(`${a.file}: has ${file.requests.length} request(s), no request ${a.entryN}`);
  if (!a.send)
    throw new UserError(`${a.file}: a .http file holds requests, not a response; nothing was sent. Use --send to replay request ${a.entryN} (${r.method} ${redactUrl(r.url)}) and diagnose the live response.`);
  if (r.unresolved.length) throw new UserError(`cannot send request ${a.entryN}: unresolved variable(s) ${r.unresolved.map((n) => `{{${n}}}`).join(', ')}; nothing was sent`);
  const headers = r.headers.map((h): [string, string] => [h.name, h.name.toLowerCase() === 'authorization' ? expandAuthorization(h.value) : h.value]);
  let body = r.body;
  if (r.bodyFile) {
    const p = path.resolve(dir, r.bodyFile.path);
    try {
      body = await fsp.readFile(p, 'utf8');
    } catch {
      throw new UserError(`cannot send request ${a.entryN}: its body file ${r.bodyFile.path} cannot be read; nothing was sent`);
    }
    if (r.bodyFile.substitute) {
      const { value, unresolved } = resolveTemplate(file, body, { ...envs, dynamic, environmentFirst });
      if (unresolved.length) throw new UserError(`cannot send request ${a.entryN}: unresolved variable(s) ${unresolved.map((n) => `{{${n}}}`).join(', ')} in ${r.bodyFile.path}; nothing was sent`);
      body = value;
    }
  }
  const request: DiagnoseRequest = { method: r.method, url: r.url, headers: replayHeaders(headers, a.token), line: r.line };
  return { input: { request, response: { status: 0, headers: [] }, source: 'http' }, send: { method: r.method, url: r.url, headers: replayHeaders(headers, a.token), body } };
}

async function prepareHar(a: PrepareArgs): Promise<PreparedInput> {
  const har = readHar(a.text);
  if (har.error) throw new UserError(`${a.file}: not a HAR file (${har.error})`);
  const e = har.entries[a.entryN - 1];
  if (!e) throw new UserError(`${a.file}: has ${har.entries.length} entr${har.entries.length === 1 ? 'y' : 'ies'}, no entry ${a.entryN}`);
  const request: DiagnoseRequest = { method: e.request.method, url: e.request.url, headers: e.request.headers, line: e.line };
  if (a.send) {
    const headers = replayHeaders(e.request.headers, a.token);
    return { input: { request: { ...request, headers }, response: { status: 0, headers: [] }, source: 'har' }, send: { method: e.request.method, url: e.request.url, headers, body: e.request.body } };
  }
  if (!e.response || e.response.status === 0) throw new UserError(`${a.file}: entry ${a.entryN} has no recorded response (status 0: blocked or cancelled); use --send to replay it`);
  return { input: { request, response: { status: e.response.status, statusText: e.response.statusText, headers: e.response.headers, body: e.response.body }, source: 'har' } };
}

async function prepareOther(a: PrepareArgs): Promise<PreparedInput> {
  const curls = findCurlCommands(a.text);
  const responses = findRawResponses(a.text);
  const c = curls[a.entryN - 1];
  const request: DiagnoseRequest | null = c ? { method: c.method, url: c.url, headers: c.headers.map((h): [string, string] => [h.name, h.value]), line: c.line } : null;
  if (a.send) {
    if (!c) throw new UserError(`${a.file}: nothing to send: ${curls.length ? `only ${curls.length} curl command(s)` : 'no curl command found'}`);
    const headers = replayHeaders(request!.headers!, a.token);
    return { input: { request: { ...request!, headers }, response: { status: 0, headers: [] }, source: 'curl' }, send: { method: c.method, url: c.url, headers, body: c.body } };
  }
  const r = responses[a.entryN - 1] ?? (responses.length === 1 ? responses[0] : undefined);
  if (!r) throw new UserError(`${a.file}: no HTTP response found (no "HTTP/1.1 401 …" status line)${curls.length ? '; use --send to replay its curl command' : ''}`);
  // A raw response alone does not say what was sent: the token comes from --token or a curl line.
  return { input: { request, response: { status: r.status, statusText: r.statusText, headers: r.headers, body: r.body }, source: 'raw' } };
}
