// `jwt-mfa diagnose <file>`: explains a recorded (HAR entry, raw response) or replayed (--send) 401/403.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderFinding } from '../core/catalog/findings';
import { diagnose, renderCauses, type DiagnoseInput, type DiagnoseRequest, type Diagnosis } from '../core/diagnose';
import { diagnosisText } from '../core/diagnosisText';
import { listExchanges } from '../core/http/exchange';
import { kindOf } from '../core/http/documentKind';
import { readHar } from '../core/http/har';
import { parseHttpFile } from '../core/http/httpFile';
import { mintedTokenOf, unresolvedBesidesAuthorization, withGivenToken } from '../core/http/minted';
import { bearerOf, prepareExchangeSend, type PreparedSend } from '../core/prepareSend';
import { approvalOrigin, isCleartextCredential, originOf } from '../core/replayPolicy';
import { findRequestSites } from '../core/http/sites';
import { LineIndex, stripBom, type Position } from '../core/positions';
import { redactText, redactUrl } from '../core/redact';
import { limitDepth, MAX_PRINTED_STRING } from '../core/text';
import type { Settings } from '../core/settings';
import type { Locale } from '../core/types';
import { readTextFile } from '../node/files';
import { send, SendError } from '../node/send';
import { COMMON_ARGS, localeFrom, parseNow, UsageError, type Io } from './common';
import { readWorkspaceSettingsJson, repositorySettings } from './settings';
import { httpEnvironmentNames, httpSendOptions, prepareHttpSend, PrepareError, proxyFor, readHttpEnvSources } from '../node/replay';

export type DiagnoseIO = Io;

export const DIAGNOSE_USAGE =
  'jwt-mfa diagnose <file> [--entry N] [--send [--allow ORIGIN]...] [--timeout MS] [--env NAME] [--format text|json] [--now T] [--lang en|ja] [--token JWT|-] [--token-file F]';

/** Refusals of --send: nothing was sent (exit 2). */
class SendRefused extends Error {}


async function readText(file: string, io: DiagnoseIO): Promise<string> {
  if (file === '-') return io.readStdin();
  const r = await readTextFile(path.resolve(io.cwd, file), 512 * 1048576);
  if ('error' in r) throw new UsageError(`${file}: ${r.error}`);
  if (r.notes.length) throw new UsageError(`${file}: ${r.notes[0]}`);
  return stripBom(r.text);
}

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
    header: limitDepth(d.token.decoded.header, 64, MAX_PRINTED_STRING),
    claims: limitDepth(d.token.decoded.claims, 64, MAX_PRINTED_STRING),
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

export async function runDiagnose(args: string[], io: DiagnoseIO): Promise<number> {
  let json = args.includes('--format=json') || args.some((a, i) => a === '--format' && args[i + 1] === 'json');
  // Values the request carries as credentials: redacted by value in everything printed.
  let secrets: string[] = [];
  const fail = (msg: string): number => {
    const m = redactUrlsIn(redactText(msg, secrets));
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
          allow: { type: 'string', multiple: true },
          timeout: { type: 'string' },
          env: { type: 'string' },
          ...COMMON_ARGS,
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
    const locale: Locale = localeFrom(v.lang, io.env);
    const now = parseNow(v.now, io);
    const entryN = v.entry === undefined ? 1 : Number(v.entry);
    if (!Number.isInteger(entryN) || entryN < 1) return fail('--entry must be a whole number from 1');
    const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
    if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) return fail('--timeout must be a positive number of milliseconds');
    const file = parsed.positionals[0];
    if (v.token !== undefined && v['token-file'] !== undefined) return fail('give --token or --token-file, not both');
    if (file === '-' && v.token === '-') return fail('standard input cannot hold both the file and the token');

    // --allow: origins (scheme, host, port) the request may go to.
    const allowed = new Set<string>();
    for (const a of v.allow ?? []) {
      const o = approvalOrigin(a);
      if (!o) return fail(`--allow takes an origin such as https://api.partnercenter.microsoft.com (scheme, host and optional port; no path), not "${a.slice(0, 100)}"`);
      allowed.add(o);
    }
    if (allowed.size && !v.send) return fail('--allow only applies with --send');

    // Settings (and REST Client environments) from the current folder, as the editor sees them; a
    // repository's settings never widen where a token may go or which keys are trusted.
    const settingsJson = await readWorkspaceSettingsJson(io.cwd);
    const settings: Settings = repositorySettings(settingsJson);

    let token: string | undefined;
    if (v.token !== undefined) token = (v.token === '-' ? await io.readStdin() : v.token).trim();
    if (v['token-file'] !== undefined) token = (await readText(v['token-file'], io)).trim();
    if (token === '') return fail('the token given is empty');

    const text = await readText(file, io);
    const prepared = await prepare({ text, file, entryN, send: !!v.send, envName: v.env, token, io, settingsJson });

    let input = prepared.input;
    if (prepared.secrets?.length) secrets = prepared.secrets;
    if (prepared.send) {
      const p = prepared.send;
      secrets = p.secrets;
      const origin = originOf(p.send.url);
      if (!origin) throw new SendRefused(`nothing was sent: ${redactUrl(p.send.url, secrets).slice(0, 200)} is not an http or https URL`);
      if (isCleartextCredential({ ...p.send, secrets }))
        throw new SendRefused(`nothing was sent: the request carries a credential and ${origin} is plain http (not loopback); use https`);
      if (!allowed.has(origin)) {
        const ask = io.confirm;
        const what = `${p.send.method} ${redactUrl(p.send.url, secrets).slice(0, 200)}`;
        if (!ask) throw new SendRefused(`nothing was sent: ${origin} is not allowed. To send ${what} there, add --allow ${origin} (or run it in a terminal to confirm)`);
        if (!(await ask(`Send ${what} (with what it carries${prepared.credential ? ', including a credential' : ''}) to ${origin}? [y/N] `)))
          throw new SendRefused(`nothing was sent: you did not confirm ${origin}`);
        allowed.add(origin);
      }
      const res = await send(p.send, {
        timeoutMs: timeout ?? settings.replayTimeoutMs,
        maxBodyBytes: Math.round(settings.replayMaxBodyMB * 1024 * 1024),
        proxy: proxyFor(p.send.url, io.env),
        followRedirects: p.followRedirects,
        secrets,
        approveOrigin: (o) => allowed.has(o),
      });
      // A replayed HAR request keeps its origin: a sanitized export still explains a missing token.
      // A live exchange happened now: its lifetime is judged at the time it was sent.
      input = { ...input, response: { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body }, source: input.source === 'har' ? 'har' : 'live', exchangeTime: now };
    }
    const d = diagnose({ ...input, settings, now, token: token ?? input.token });
    const sentRaw = token ? undefined : bearerOf(input.request?.headers);
    const place = file === '-' && kindOf(file, text) !== 'har' ? undefined : placeOf(text, file, input.request?.line, sentRaw);
    const out = json ? toJson(d, locale, place) : diagnosisText(d, locale);
    io.stdout(secrets.length ? redactText(out, secrets) : out);
    return d.response.status === 401 || d.response.status === 403 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof SendError || e instanceof PrepareError || e instanceof SendRefused) return fail(e.message);
    return fail(`unexpected error: ${(e as Error)?.message ?? String(e)}`);
  }
}

interface PrepareArgs {
  text: string;
  file: string;
  entryN: number;
  send: boolean;
  envName?: string;
  token?: string;
  io: DiagnoseIO;
  settingsJson: unknown;
}

type PreparedInput = { input: Omit<DiagnoseInput, 'settings' | 'now'>; send?: PreparedSend; credential?: boolean; /** Values to redact (from $processEnv, $dotenv). */ secrets?: string[] };

/** Userinfo and credential query values hidden in any URL of a message. */
function redactUrlsIn(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/gi, (u) => redactUrl(u));
}

async function prepare(a: PrepareArgs): Promise<PreparedInput> {
  const kind = kindOf(a.file, a.text);
  if (kind === 'http') return prepareHttp(a);
  if (kind === 'har') return prepareHar(a);
  return prepareOther(a);
}

async function prepareHttp(a: PrepareArgs): Promise<PreparedInput> {
  // Environments: JetBrains http-client.env.json (+ private) beside the file, REST Client's setting, and .env.
  const dir = a.file === '-' ? a.io.cwd : path.dirname(path.resolve(a.io.cwd, a.file));
  const rc = a.settingsJson && typeof a.settingsJson === 'object' ? (a.settingsJson as Record<string, unknown>)['rest-client.environmentVariables'] : undefined;
  const sources = await readHttpEnvSources(dir, rc, { root: a.io.cwd });
  const names = httpEnvironmentNames(sources);
  if (a.send && a.envName === undefined && names.length > 1)
    throw new SendRefused(`nothing was sent: several environments define this file's values (${names.join(', ')}); choose one with --env NAME`);
  const processEnvValues: string[] = [];
  const base = httpSendOptions(sources, a.envName, a.io.now(), a.io.env, processEnvValues);
  const first = parseHttpFile(a.text, base);
  const r0 = first.requests[a.entryN - 1];
  if (!r0) throw new UsageError(`${a.file}: has ${first.requests.length} request(s), no request ${a.entryN}`);
  // A token made when the request is sent ({{$aadToken}}, httpyac's oauth2, a request variable): the
  // file holds none to judge, and jwt-mfa does not make it; --token stands in for it.
  const minted = mintedTokenOf(first, r0, base);
  // A response saved below the request (REST Client's "Save response"): diagnosed as recorded, with
  // the token the request takes from its environment.
  const saved = a.send ? undefined : listExchanges(a.text, a.file === '-' ? 'stdin.http' : a.file, base)[a.entryN - 1];
  if (saved?.response && saved.request) {
    if (a.envName === undefined && names.length > 1)
      throw new UsageError(`${a.file}: several environments define this file's values (${names.join(', ')}); choose the one request ${a.entryN} was sent in with --env NAME`);
    const request: DiagnoseRequest = { method: saved.request.method, url: saved.request.url, headers: saved.request.headers, line: saved.line, ...(saved.request.minted ? { minted: saved.request.minted } : {}) };
    const res = saved.response;
    return { input: { request, response: { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body }, source: 'http' }, secrets: [...processEnvValues] };
  }
  const what = `request ${a.entryN} (${r0.method} ${redactUrl(r0.url)})`;
  if (minted && !a.token)
    throw new UsageError(
      `${a.file}: ${what} gets its token when it is sent (${minted.expression}): it cannot be judged from the file, and jwt-mfa does not make it. ` +
        `Give the token with --token or --token-file${minted.kind === 'aad' || minted.kind === 'aad-v2' ? ' (jwt-mfa token --az --print gets one from the Azure CLI)' : ''}; nothing was sent.`,
    );
  if (!a.send)
    throw new UsageError(`${a.file}: a .http file holds requests, not a response; nothing was sent. Use --send to replay ${what} and diagnose the live response.`);
  const parse = minted && a.token ? withGivenToken(base, a.token) : base;
  const file = minted && a.token ? parseHttpFile(a.text, parse) : first;
  let r = file.requests[a.entryN - 1];
  if (minted && a.token) r = { ...r, unresolved: unresolvedBesidesAuthorization(r) };
  // Body files are read only from inside the folder the CLI runs in (the project), by real path.
  const p = await prepareHttpSend(file, r, { dir, root: a.io.cwd, parse, token: a.token, label: `request ${a.entryN}`, processEnvValues });
  return { input: { request: p.request, response: { status: 0, headers: [] }, source: 'http' }, send: p, credential: p.secrets.length > 0 };
}

async function prepareHar(a: PrepareArgs): Promise<PreparedInput> {
  const har = readHar(a.text);
  if (har.error) throw new UsageError(`${a.file}: not a HAR file (${har.error})`);
  const e = har.entries[a.entryN - 1];
  if (!e) throw new UsageError(`${a.file}: has ${har.entries.length} entr${har.entries.length === 1 ? 'y' : 'ies'}, no entry ${a.entryN}`);
  const request: DiagnoseRequest = { method: e.request.method, url: e.request.url, headers: e.request.headers, line: e.line };
  if (a.send) {
    const p = prepareExchangeSend('har', e.request, e.line, a.token);
    return { input: { request: p.request, response: { status: 0, headers: [] }, source: 'har' }, send: p, credential: p.secrets.length > 0 };
  }
  if (!e.response || e.response.status === 0) throw new UsageError(`${a.file}: entry ${a.entryN} has no recorded response (status 0: blocked or cancelled); use --send to replay it`);
  return { input: { request, response: { status: e.response.status, statusText: e.response.statusText, headers: e.response.headers, body: e.response.body }, source: 'har', exchangeTime: e.startedDateTime } };
}

async function prepareOther(a: PrepareArgs): Promise<PreparedInput> {
  const all = listExchanges(a.text, a.file === '-' ? 'stdin.txt' : a.file);
  const curls = all.filter((x) => x.source === 'curl');
  const responses = all.filter((x) => x.source === 'raw');
  const c = curls[a.entryN - 1];
  const request: DiagnoseRequest | null = c?.request ? { method: c.request.method, url: c.request.url, headers: c.request.headers, line: c.line } : null;
  if (a.send) {
    if (!c?.request) throw new UsageError(`${a.file}: nothing to send: ${curls.length ? `only ${curls.length} curl command(s)` : 'no curl command found'}`);
    const p = prepareExchangeSend('curl', c.request, c.line, a.token);
    return { input: { request: p.request, response: { status: 0, headers: [] }, source: 'curl' }, send: p, credential: p.secrets.length > 0 };
  }
  const r = responses[a.entryN - 1] ?? (responses.length === 1 ? responses[0] : undefined);
  if (!r?.response) throw new UsageError(`${a.file}: no HTTP response found (no "HTTP/1.1 401 …" status line)${curls.length ? '; use --send to replay its curl command' : ''}`);
  // A raw response alone does not say what was sent: the token comes from --token or a curl line.
  const res = r.response;
  return { input: { request, response: { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body }, source: 'raw' } };
}
