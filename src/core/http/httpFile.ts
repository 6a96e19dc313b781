// `.http` / `.rest` files in REST Client and JetBrains HTTP Client syntax (docs/domain.md §6.1, §6.2):
// requests with their offsets, file variables, `{{name}}` resolution. Pure; never throws.
import { utf8ToBase64 } from '../b64';
import { firstNonBlank, splitLines, type Line } from './lines';

export interface HttpHeader {
  name: string;
  /** Value with `{{…}}` resolved where possible (unresolved references stay as written). */
  value: string;
  /** Value as written in the file. */
  raw: string;
  line: number;
  /** Offsets of the raw value in the document. */
  valueStart: number;
  valueEnd: number;
}

export interface HttpRequest {
  /** 0-based position among the file's requests. */
  index: number;
  /** `# @name x`, `# @name = x` or JetBrains `### x`. */
  name?: string;
  method: string;
  /** Resolved URL (unresolved references stay as written). */
  url: string;
  rawUrl: string;
  httpVersion?: string;
  /** 0-based line of the request line. */
  line: number;
  /** Offsets of the URL on the request line (continuation lines not included). */
  urlStart: number;
  urlEnd: number;
  headers: HttpHeader[];
  /** Resolved body, if any (form bodies joined as REST Client does). */
  body?: string;
  /** `< path` / `<@ path`: the body comes from this file (relative to the .http file); `substitute` for `<@`. */
  bodyFile?: { path: string; substitute: boolean; encoding?: string };
  /** Names that could not be resolved in the URL, headers or body, in order of appearance. */
  unresolved: string[];
  /** File variables the URL and `Authorization` header use, directly or through other variables. */
  credentialVariables: string[];
  /** Offsets of the request's block (from its first line to its last). */
  start: number;
  end: number;
}

export interface FileVariable {
  name: string;
  raw: string;
  line: number;
  valueStart: number;
  valueEnd: number;
}

export interface HttpFile {
  requests: HttpRequest[];
  variables: FileVariable[];
}

export interface HttpParseOptions {
  /** Environment variables (already merged: `$shared` + the selected environment). */
  environment?: Readonly<Record<string, string>>;
  /** REST Client's `$shared` environment, for `{{$shared name}}`. */
  shared?: Readonly<Record<string, string>>;
  /** Values of system variables (`$guid`, `$timestamp`, `$processEnv X`…); undefined = unresolved. */
  dynamic?: (name: string) => string | undefined;
  /** JetBrains precedence: environment over in-place variables. Default: REST Client's (file over environment). */
  environmentFirst?: boolean;
}

const METHODS = new Set(
  'GET POST PUT DELETE PATCH HEAD OPTIONS CONNECT TRACE LOCK UNLOCK PROPFIND PROPPATCH COPY MOVE MKCOL MKCALENDAR ACL SEARCH'.split(' '),
);
/** Cap on a resolved value, so `@a={{b}}{{b}}` chains cannot blow up memory. */
const MAX_RESOLVED = 1 << 20;
const MAX_DEPTH = 32;

function isSeparator(t: string): boolean {
  return t.charCodeAt(0) === 35 && t.charCodeAt(1) === 35 && t.charCodeAt(2) === 35;
}

function isComment(t: string): boolean {
  const i = firstNonBlank(t);
  return t.charCodeAt(i) === 35 || (t.charCodeAt(i) === 47 && t.charCodeAt(i + 1) === 47);
}

/** `@name = value` (REST Client) → [name, value, valueOffsetInLine]; null when not a variable line. */
function fileVariable(t: string): [string, string, number] | null {
  const i = firstNonBlank(t);
  if (t.charCodeAt(i) !== 64 /* @ */) return null;
  const eq = t.indexOf('=', i + 1);
  if (eq < 0) return null;
  const name = t.slice(i + 1, eq).trim();
  if (!name || /[\s=]/.test(name)) return null;
  let vs = eq + 1;
  while (vs < t.length && (t.charCodeAt(vs) === 32 || t.charCodeAt(vs) === 9)) vs++;
  let ve = t.length;
  while (ve > vs && (t.charCodeAt(ve - 1) === 32 || t.charCodeAt(ve - 1) === 9)) ve--;
  return [name, t.slice(vs, ve), vs];
}

/** `# @name x` / `// @name = x` metadata → the name. */
function metadataName(t: string): string | undefined {
  const i = firstNonBlank(t);
  let j = i;
  while (j < t.length && (t[j] === '#' || t[j] === '/')) j++;
  if (j === i) return undefined;
  const rest = t.slice(j).trim();
  if (!rest.startsWith('@name')) return undefined;
  const v = rest.slice(5).replace(/^\s*=?\s*/, '').trim();
  return v && /^[\w.-]+$/.test(v) ? v : undefined;
}

/** Resolves `{{…}}` references; collects names that cannot be resolved. */
class Resolver {
  private readonly file = new Map<string, string>();
  private readonly memo = new Map<string, string | null>();
  private readonly usesMemo = new Map<string, Set<string>>();
  private readonly active = new Set<string>();

  constructor(
    variables: readonly FileVariable[],
    private readonly opts: HttpParseOptions,
  ) {
    for (const v of variables) this.file.set(v.name, v.raw);
  }

  /** The value of one variable name (as written inside the braces), or null. */
  lookup(name: string, depth: number): string | null {
    if (name.startsWith('%')) {
      const v = this.lookup(name.slice(1).trim(), depth);
      return v === null ? null : encodeURIComponent(v);
    }
    if (name.startsWith('$shared ')) {
      const key = name.slice(8).trim();
      const v = this.opts.shared && Object.prototype.hasOwnProperty.call(this.opts.shared, key) ? this.opts.shared[key] : undefined;
      return typeof v === 'string' ? this.resolveValue(`$shared:${key}`, v, depth) : null;
    }
    if (name.startsWith('$')) return this.opts.dynamic?.(name) ?? null;
    const env = this.opts.environment;
    const envValue = env && Object.prototype.hasOwnProperty.call(env, name) && typeof env[name] === 'string' ? env[name] : undefined;
    const fileValue = this.file.get(name);
    if (this.opts.environmentFirst) {
      if (envValue !== undefined) return this.resolveValue(`env:${name}`, envValue, depth);
      if (fileValue !== undefined) return this.resolveValue(`file:${name}`, fileValue, depth);
    } else {
      if (fileValue !== undefined) return this.resolveValue(`file:${name}`, fileValue, depth);
      if (envValue !== undefined) return this.resolveValue(`env:${name}`, envValue, depth);
    }
    return null;
  }

  private resolveValue(key: string, raw: string, depth: number): string | null {
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if (this.active.has(key) || depth > MAX_DEPTH) return null; // a cycle: unresolvable
    this.active.add(key);
    const missing: string[] = [];
    const v = this.resolve(raw, missing, depth + 1);
    this.active.delete(key);
    const result = missing.length || v.length > MAX_RESOLVED ? null : v;
    this.memo.set(key, result);
    return result;
  }

  /** `text` with references replaced; unresolved ones stay and their names go to `missing`. */
  resolve(text: string, missing: string[], depth = 0): string {
    let out = '';
    let at = 0;
    for (const { open, end, name } of references(text)) {
      const v = name ? this.lookup(name, depth) : null;
      out += text.slice(at, open);
      if (v === null) {
        if (!missing.includes(name)) missing.push(name);
        out += text.slice(open, end);
      } else out += v;
      at = end;
      if (out.length > MAX_RESOLVED) return out;
    }
    return out + text.slice(at);
  }

  /** File variables `text` refers to, directly or through other file variables. */
  uses(text: string, into: Set<string>, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    for (const ref of references(text)) {
      const name = unescapedName(ref.name);
      if (!this.file.has(name) || into.has(name)) continue;
      if (this.opts.environmentFirst && this.opts.environment && Object.prototype.hasOwnProperty.call(this.opts.environment, name)) continue;
      into.add(name);
      let sub = this.usesMemo.get(name);
      if (!sub) {
        sub = new Set();
        this.usesMemo.set(name, sub);
        this.uses(this.file.get(name)!, sub, depth + 1);
      }
      for (const s of sub) into.add(s);
    }
  }
}

/** Each `{{ … }}` reference in `text`, in order: its span [open, end) and its trimmed name. An unclosed `{{` ends the walk. */
export function* references(text: string): Generator<{ open: number; end: number; name: string }> {
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) return;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return;
    yield { open, end: close + 2, name: text.slice(open + 2, close).trim() };
    at = close + 2;
  }
}

/** A reference's name without httpyac's `%` (no URL-encoding) marker. */
export function unescapedName(name: string): string {
  return name.startsWith('%') ? name.slice(1).trim() : name;
}

interface Block {
  lines: Line[];
  name?: string;
}

/** Parses an .http/.rest document. Unresolvable `{{x}}` are listed by name, never guessed. */
export function parseHttpFile(text: string, opts: HttpParseOptions = {}): HttpFile {
  const lines = splitLines(text);
  const blocks: Block[] = [{ lines: [] }];
  const variables: FileVariable[] = [];
  for (const l of lines) {
    if (isSeparator(l.text)) {
      let k = 3;
      while (l.text.charCodeAt(k) === 35) k++;
      const tail = k < l.text.length ? l.text.slice(k).trim() : '';
      blocks.push({ lines: [], name: tail || undefined });
      continue;
    }
    blocks[blocks.length - 1].lines.push(l);
  }
  // File variables are file-wide (REST Client collects them from the whole document); only lines
  // before a block's request line count, so a body line starting with `@` is left alone.
  const parsed = blocks.map((b) => splitBlock(b, variables));
  const resolver = new Resolver(variables, opts);
  const requests: HttpRequest[] = [];
  for (const p of parsed) {
    if (!p) continue;
    const r = buildRequest(p, resolver, requests.length);
    if (r) requests.push(r);
  }
  return { requests, variables };
}

interface SplitBlock {
  block: Block;
  name?: string;
  requestLine: Line;
  rest: Line[];
}

function splitBlock(b: Block, variables: FileVariable[]): SplitBlock | null {
  let name = b.name;
  for (let i = 0; i < b.lines.length; i++) {
    const l = b.lines[i];
    const t = l.text;
    if (firstNonBlank(t) === t.length) continue;
    if (isComment(t)) {
      name = metadataName(t) ?? name;
      continue;
    }
    const v = fileVariable(t);
    if (v) {
      variables.push({ name: v[0], raw: v[1], line: l.n, valueStart: l.start + v[2], valueEnd: l.start + v[2] + v[1].length });
      continue;
    }
    if (/^HTTP\/\d/i.test(t.trimStart())) return null; // a saved response with no request
    // Variables after the request line belong to the body; collect the later ones still: REST
    // Client reads file variables anywhere outside request bodies, which only lie after a request line.
    return { block: b, name, requestLine: l, rest: b.lines.slice(i + 1) };
  }
  return null;
}

function buildRequest(p: SplitBlock, resolver: Resolver, index: number): HttpRequest | null {
  const l = p.requestLine;
  const t = l.text;
  let i = firstNonBlank(t);
  // Method (optional).
  let method = 'GET';
  let sp = i;
  while (sp < t.length && t.charCodeAt(sp) !== 32 && t.charCodeAt(sp) !== 9) sp++;
  const word = t.slice(i, sp);
  if (METHODS.has(word.toUpperCase()) && sp < t.length) {
    method = word.toUpperCase();
    i = firstNonBlank(t.slice(sp)) + sp;
  }
  // Trailing HTTP version (optional).
  let urlEnd = t.length;
  while (urlEnd > i && (t.charCodeAt(urlEnd - 1) === 32 || t.charCodeAt(urlEnd - 1) === 9)) urlEnd--;
  let httpVersion: string | undefined;
  const lastSp = Math.max(t.lastIndexOf(' ', urlEnd - 1), t.lastIndexOf('\t', urlEnd - 1));
  if (lastSp > i && /^HTTP\/[\d.]+$/i.test(t.slice(lastSp + 1, urlEnd))) {
    httpVersion = t.slice(lastSp + 1, urlEnd).toUpperCase();
    urlEnd = lastSp;
    while (urlEnd > i && (t.charCodeAt(urlEnd - 1) === 32 || t.charCodeAt(urlEnd - 1) === 9)) urlEnd--;
  }
  let rawUrl = t.slice(i, urlEnd);
  if (!rawUrl) return null;

  const headers: HttpHeader[] = [];
  const bodyLines: string[] = [];
  let state: 'url' | 'headers' | 'body' = 'url';
  let handler = false;
  let last = l;
  for (const line of p.rest) {
    const lt = line.text;
    const nb = firstNonBlank(lt);
    if (/^HTTP\/\d/i.test(lt)) break; // a saved response ends the request
    last = line;
    if (state !== 'body') {
      if (nb === lt.length) {
        state = 'body';
        continue;
      }
      if (isComment(lt)) continue;
      const c = lt.charCodeAt(nb);
      if (state === 'url' && (c === 63 /* ? */ || c === 38 /* & */ || nb > 0)) {
        rawUrl += lt.slice(nb).trimEnd();
        continue;
      }
      if (state === 'headers' && nb > 0 && headers.length > 0) {
        // JetBrains: an indented line continues the previous header's value.
        const h = headers[headers.length - 1];
        h.raw += ' ' + lt.trim();
        continue;
      }
      state = 'headers';
      const colon = lt.indexOf(':');
      if (colon <= 0) continue;
      const name = lt.slice(0, colon).trim();
      let vs = colon + 1;
      while (vs < lt.length && (lt.charCodeAt(vs) === 32 || lt.charCodeAt(vs) === 9)) vs++;
      let ve = lt.length;
      while (ve > vs && (lt.charCodeAt(ve - 1) === 32 || lt.charCodeAt(ve - 1) === 9)) ve--;
      headers.push({ name, value: '', raw: lt.slice(vs, ve), line: line.n, valueStart: line.start + vs, valueEnd: line.start + ve });
      continue;
    }
    // Body: JetBrains response handlers and response references are not body text.
    if (handler) {
      if (lt.includes('%}')) handler = false;
      continue;
    }
    const bt = lt.slice(nb);
    if (bt.startsWith('> {%') || bt.startsWith('< {%')) {
      handler = !bt.includes('%}', 4);
      continue;
    }
    if (bt.startsWith('<> ') || bt.startsWith('>> ') || bt.startsWith('>>! ') || /^> \S/.test(bt)) continue;
    if (isComment(lt)) continue; // REST Client drops comment lines everywhere in a request
    bodyLines.push(lt);
  }
  while (bodyLines.length && bodyLines[bodyLines.length - 1].trim() === '') bodyLines.pop();

  const unresolved: string[] = [];
  let url = resolver.resolve(rawUrl, unresolved);
  for (const h of headers) h.value = resolver.resolve(h.raw, unresolved);
  let bodyFile: HttpRequest['bodyFile'];
  const firstBody = bodyLines.length ? bodyLines[0].trim() : '';
  if (bodyLines.length === 1 && firstBody.startsWith('<') && !firstBody.startsWith('<>') && !firstBody.startsWith('<{') && !firstBody.startsWith('< {')) {
    const m = /^<(@(\w+)?)?\s+(.+)$/.exec(firstBody);
    if (m) bodyFile = { path: resolver.resolve(m[3].trim(), unresolved), substitute: !!m[1], encoding: m[2] };
  }
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.raw.toLowerCase() ?? '';
  // REST Client: x-www-form-urlencoded bodies may span lines that start with `&`; they are joined.
  const joined = contentType.includes('application/x-www-form-urlencoded') ? bodyLines.map((b) => b.trim()).join('') : bodyLines.join('\n');
  const body = bodyLines.length && !bodyFile ? resolver.resolve(joined, unresolved) : undefined;

  // A relative URL takes its origin from a Host header; a URL without scheme defaults to http.
  if (url.startsWith('/')) {
    const host = headers.find((h) => h.name.toLowerCase() === 'host')?.value;
    if (host) url = `${/:443$/.test(host) ? 'https' : 'http'}://${host.replace(/:443$/, '')}${url}`;
  } else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('{{')) url = `http://${url}`;

  const creds = new Set<string>();
  resolver.uses(rawUrl, creds);
  for (const h of headers) if (h.name.toLowerCase() === 'authorization') resolver.uses(h.raw, creds);

  const first = p.block.lines[0] ?? l;
  const lineUrlStart = l.start + i;
  return {
    index,
    name: p.name,
    method,
    url,
    rawUrl,
    httpVersion,
    line: l.n,
    urlStart: lineUrlStart,
    urlEnd: l.start + urlEnd,
    headers,
    body,
    bodyFile,
    unresolved,
    credentialVariables: [...creds],
    start: first.start,
    end: last.end,
  };
}

/**
 * Environment variables for `name`: REST Client's `rest-client.environmentVariables` (`$shared`
 * merged under the selected environment) or JetBrains' `http-client.env.json` (no `$shared`).
 * Non-string values are turned into text (JetBrains allows numbers and booleans).
 */
export function environmentVariables(envs: unknown, name: string | undefined): { environment: Record<string, string>; shared: Record<string, string> } {
  const pick = (v: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x === 'string') out[k] = x;
        else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
      }
    }
    return out;
  };
  const obj = envs && typeof envs === 'object' && !Array.isArray(envs) ? (envs as Record<string, unknown>) : {};
  const shared = pick(obj.$shared);
  const selected = name !== undefined && Object.prototype.hasOwnProperty.call(obj, name) ? pick(obj[name]) : {};
  return { environment: { ...shared, ...selected }, shared };
}

/** Names of the environments an env object defines (without `$shared`). */
export function environmentNames(envs: unknown): string[] {
  if (!envs || typeof envs !== 'object' || Array.isArray(envs)) return [];
  return Object.keys(envs).filter((k) => k !== '$shared');
}

/** The request whose block holds `offset` (the cursor), or the nearest request above it. */
export function requestAtOffset(file: HttpFile, offset: number): HttpRequest | undefined {
  let best: HttpRequest | undefined;
  for (const r of file.requests) {
    if (r.start <= offset) best = r;
    if (offset <= r.end && r.start <= offset) return r;
  }
  return best;
}

/**
 * REST Client's Authorization shorthands: `Basic user:pass` and `Basic user pass` are sent
 * base64-encoded. Other values are returned unchanged.
 */
export function expandAuthorization(value: string): string {
  const m = /^basic\s+(.+)$/i.exec(value.trim());
  if (!m) return value;
  const cred = m[1].trim();
  let userPass: string | undefined;
  if (cred.includes(':')) userPass = cred;
  else {
    const parts = cred.split(/\s+/);
    if (parts.length === 2) userPass = `${parts[0]}:${parts[1]}`;
  }
  if (userPass === undefined) return value;
  return `Basic ${utf8ToBase64(userPass)}`;
}

/** Resolves `{{…}}` in `template` with a parsed file's variables and the same options (for `<@ file` bodies). */
export function resolveTemplate(file: HttpFile, template: string, opts: HttpParseOptions = {}): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = new Resolver(file.variables, opts).resolve(template, unresolved);
  return { value, unresolved };
}
