// Environments of .http files (docs/domain.md §6.1, §6.2), in one place for scan, diagnose, the CLI,
// the editor and Replay: JetBrains/httpyac `http-client.env.json` and `http-client.private.env.json`,
// REST Client's `rest-client.environmentVariables` setting, and `.env` files read by
// `{{$dotenv NAME}}`. Pure: the node and extension layers read the files and pass their text here.
// Where each value sits in its file is kept, so a token defined in an environment can be judged for
// the requests that use it and shown on the value itself. Never throws.
import { parseTree, type Node } from 'jsonc-parser';
import { scan } from '../scan';
import type { RequestRef } from '../types';
import { parseHttpFile, type HttpParseOptions, type HttpRequest } from './httpFile';

export type EnvSourceKind = 'http-client.env.json' | 'http-client.private.env.json' | 'rest-client' | 'dotenv';

/** A file (or a setting) that defines variables, as the node/extension layer read it. */
export interface EnvSource {
  kind: EnvSourceKind;
  /** Where it comes from, as the face names it (a path or a URI); shown to the user. */
  path?: string;
  /**
   * The text: an env JSON file, a `.env` file, or for `rest-client` a settings.json that holds the
   * `rest-client.environmentVariables` key. Values get positions only when the text is known.
   */
  text?: string;
  /** `rest-client` without text: the setting's value (VS Code's merged configuration). */
  value?: unknown;
}

/** One variable defined by a source. */
export interface EnvValue {
  kind: EnvSourceKind;
  path?: string;
  /** The environment (`$shared` for REST Client's shared one); undefined in a `.env` file. */
  environment?: string;
  name: string;
  value: string;
  /** Offsets [start, end) of the value as written in the source's text (inside the quotes), when known. */
  start?: number;
  end?: number;
  /**
   * Where the value stops being its text as written from `start` (an escape or a CRLF read as one
   * character): `[i, offset]`, character `i` of the value and the ones after it are written from
   * `offset` on. Sorted; absent when none. `sourceOffset` reads it.
   */
  shifts?: Array<[number, number]>;
}

export interface Environments {
  values: EnvValue[];
  /** Named environments, JetBrains' files first, without `$shared` and without repeats. */
  names: string[];
}

export const SHARED = '$shared';
const REST_CLIENT_KEY = 'rest-client.environmentVariables';

function isObject(n: Node | undefined): n is Node {
  return !!n && n.type === 'object' && Array.isArray(n.children);
}

/** `[key, valueNode]` of an object node's properties. */
function properties(n: Node): Array<[string, Node]> {
  const out: Array<[string, Node]> = [];
  for (const p of n.children ?? []) {
    const [k, v] = p.children ?? [];
    if (p.type === 'property' && k?.type === 'string' && typeof k.value === 'string' && v) out.push([k.value, v]);
  }
  return out;
}

function scalar(v: Node): string | undefined {
  if (v.type === 'string' && typeof v.value === 'string') return v.value;
  if (v.type === 'number' || v.type === 'boolean') return String(v.value); // JetBrains allows them
  return undefined;
}

/**
 * The shifts (see `EnvValue`) of a JSON string written at `text[from, to)` (inside its quotes) whose
 * value is `length` characters long, read as jsonc-parser's scanner reads escapes: `\uXXXX` is one
 * character written in six, `\/`, `\t`, `\"`… one written in two; a broken `\u` (fewer than four hex
 * digits) or an unknown escape gives no character. None when there is no escape, or when the count
 * does not come out at `length`: then the text is taken as is.
 */
function jsonShifts(text: string, from: number, to: number, length: number): Array<[number, number]> | undefined {
  const shifts: Array<[number, number]> = [];
  let n = 0;
  for (let i = from; i < to; ) {
    if (text[i] !== '\\') {
      i++;
      n++;
      continue;
    }
    const e = text[i + 1];
    i += 2;
    if (e === 'u') {
      let digits = 0;
      while (digits < 4 && i < to && /[0-9a-fA-F]/.test(text[i])) {
        i++;
        digits++;
      }
      if (digits === 4) n++;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) n++;
    shifts.push([n, i]);
  }
  return shifts.length && n === length ? shifts : undefined;
}

/** Values of an `{ env: { name: value } }` object node. */
function fromTree(root: Node, src: EnvSource, out: EnvValue[]): void {
  for (const [env, obj] of properties(root)) {
    if (!isObject(obj)) continue;
    for (const [name, v] of properties(obj)) {
      const value = scalar(v);
      if (value === undefined) continue;
      const quoted = v.type === 'string' ? 1 : 0;
      const start = v.offset + quoted;
      const end = v.offset + v.length - quoted;
      const shifts = quoted ? jsonShifts(src.text ?? '', start, end, value.length) : undefined;
      out.push({ kind: src.kind, path: src.path, environment: env, name, value, start, end, ...(shifts ? { shifts } : {}) });
    }
  }
}

/** Values of a setting value without text (no positions). */
function fromValue(obj: unknown, src: EnvSource, out: EnvValue[]): void {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
  for (const [env, vars] of Object.entries(obj as Record<string, unknown>)) {
    if (!vars || typeof vars !== 'object' || Array.isArray(vars)) continue;
    for (const [name, x] of Object.entries(vars as Record<string, unknown>)) {
      if (typeof x === 'string') out.push({ kind: src.kind, path: src.path, environment: env, name, value: x });
      else if (typeof x === 'number' || typeof x === 'boolean') out.push({ kind: src.kind, path: src.path, environment: env, name, value: String(x) });
    }
  }
}

/**
 * dotenv's line rule (its default parser, lib/main.js `LINE`, the same in dotenv 16 to 18), with the
 * text before the value captured to know where the value starts. One change that reads the same:
 * dotenv's `^\s*` may start a match on a blank line above the key; `^[^\S\n]*` starts it on the key's
 * own line (same key and value), which keeps a file of blank lines linear instead of quadratic.
 */
const DOTENV_LINE = /^([^\S\n]*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?))(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/gm;

/**
 * The value dotenv reads from `text[from, to)`: CRLF and CR are line breaks (`\n`), and with `expand`
 * (double quotes) `\n` and `\r` escapes are the characters. `shifts` says where the value and the
 * text stop advancing together.
 */
function readValue(text: string, from: number, to: number, expand: boolean): Pick<EnvValue, 'value' | 'shifts'> {
  let value = '';
  const shifts: Array<[number, number]> = [];
  let seg = from;
  for (let i = from; i < to; ) {
    const c = text[i];
    let ch: string | undefined;
    let width = 1;
    if (c === '\r') {
      ch = '\n';
      if (i + 1 < to && text[i + 1] === '\n') width = 2;
    } else if (expand && c === '\\' && i + 1 < to && (text[i + 1] === 'n' || text[i + 1] === 'r')) {
      ch = text[i + 1] === 'n' ? '\n' : '\r';
      width = 2;
    }
    if (ch === undefined) {
      i++;
      continue;
    }
    value += text.slice(seg, i) + ch;
    i += width;
    seg = i;
    if (width !== 1) shifts.push([value.length, i]);
  }
  value += text.slice(seg, to);
  return shifts.length ? { value, shifts } : { value };
}

/**
 * Where character `i` of value `v` (or its end, `i === v.value.length`) is written in the source's
 * text; undefined when the value has no position.
 */
export function sourceOffset(v: Pick<EnvValue, 'start' | 'shifts'>, i: number): number | undefined {
  if (v.start === undefined) return undefined;
  let at: [number, number] = [0, v.start];
  for (const s of v.shifts ?? []) {
    if (s[0] > i) break;
    at = s;
  }
  return at[1] + (i - at[0]);
}

/**
 * A `.env` file's variables with their positions, read as the `dotenv` package reads them (REST
 * Client and httpyac use it): `NAME=value`, `export NAME=value`, `NAME: value`; `#` comments; single,
 * double or back quotes, which may span lines (a backslash-escaped quote does not close them); double
 * quotes expand `\n` and `\r`; CRLF and CR read as `\n`; an unquoted value ends at `#` or the line's
 * end. A later definition wins. Each value's place is its text as written (inside the quotes), and
 * `shifts` maps the value's characters back to it where an escape or a CRLF made the two differ.
 * Written here because dotenv's parser gives no positions and its module pulls in node:fs.
 */
export function parseDotenv(text: string, src: Pick<EnvSource, 'path'> = {}): EnvValue[] {
  const out: EnvValue[] = [];
  // dotenv reads the text with CRLF and CR as LF; `crlf` holds where (in `lf`) a CRLF became one LF.
  const crlf: number[] = [];
  const lf = text.includes('\r')
    ? text.replace(/\r\n?/g, (s: string, off: number) => {
        if (s.length === 2) crlf.push(off - crlf.length);
        return '\n';
      })
    : text;
  /** `lf` offset → `text` offset. */
  const raw = (i: number): number => {
    let lo = 0;
    let hi = crlf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (crlf[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return i + lo;
  };
  const re = new RegExp(DOTENV_LINE.source, DOTENV_LINE.flags);
  for (let m = re.exec(lf); m; m = re.exec(lf)) {
    if (m[0] === '') {
      re.lastIndex++; // cannot happen (a name is required); never loop
      continue;
    }
    const found = m[3] ?? '';
    let from = m.index + m[1].length + (found.length - found.trimStart().length);
    const v = found.trim();
    let to = from + v.length;
    const q = v[0];
    if (v.length >= 2 && (q === '"' || q === "'" || q === '`') && v[v.length - 1] === q) {
      from++;
      to--;
    }
    const start = raw(from);
    const end = raw(to);
    out.push({ kind: 'dotenv', path: src.path, name: m[2], ...readValue(text, start, end, q === '"'), start, end });
  }
  return out;
}

/** Every value of the sources, read once. Unreadable JSON is skipped (whatever parses is kept). */
export function readEnvironments(sources: readonly EnvSource[]): Environments {
  const values: EnvValue[] = [];
  for (const src of sources) {
    try {
      if (src.kind === 'dotenv') {
        if (src.text !== undefined) values.push(...parseDotenv(src.text, src));
        continue;
      }
      if (src.text !== undefined) {
        const root = parseTree(src.text, [], { allowTrailingComma: true, disallowComments: false });
        if (!isObject(root)) continue;
        if (src.kind === 'rest-client') {
          const node = properties(root).find(([k]) => k === REST_CLIENT_KEY)?.[1];
          if (isObject(node)) fromTree(node, src, values);
        } else fromTree(root, src, values);
      } else if (src.kind === 'rest-client') fromValue(src.value, src, values);
    } catch {
      // A source that cannot be read defines nothing.
    }
  }
  const order: EnvSourceKind[] = ['http-client.env.json', 'http-client.private.env.json', 'rest-client'];
  const names: string[] = [];
  for (const k of order) for (const v of values) if (v.kind === k && v.environment !== undefined && v.environment !== SHARED && !names.includes(v.environment)) names.push(v.environment);
  return { values, names };
}

const isJetBrains = (k: EnvSourceKind) => k === 'http-client.env.json' || k === 'http-client.private.env.json';

/** The value sources an environment draws from, the one that wins first. */
function visible(envs: Environments, name: string | undefined): EnvValue[] {
  const jb = name !== undefined && envs.values.some((v) => isJetBrains(v.kind) && v.environment === name);
  const pick = (kind: EnvSourceKind, env: string | undefined) => envs.values.filter((v) => v.kind === kind && v.environment === env).reverse();
  if (jb) return [...pick('http-client.private.env.json', name), ...pick('http-client.env.json', name)];
  return [...(name !== undefined ? pick('rest-client', name) : []), ...pick('rest-client', SHARED)];
}

export type SelectedEnvironment = Pick<HttpParseOptions, 'environment' | 'shared' | 'environmentFirst'>;

/**
 * The parse options of environment `name`: JetBrains' files (private over public; environment over
 * file variables) win over REST Client's setting when both define it; REST Client merges `$shared`
 * under the environment. Without a name: REST Client's `$shared` only. An unknown name gives `error`.
 */
export function selectEnvironment(envs: Environments, name: string | undefined): SelectedEnvironment | { error: string } {
  if (name !== undefined && !envs.names.includes(name)) {
    return {
      error: `environment "${name}" not found (known: ${envs.names.length ? envs.names.join(', ') : 'none'}; looked in http-client.env.json, http-client.private.env.json and the rest-client.environmentVariables setting)`,
    };
  }
  const jb = name !== undefined && envs.values.some((v) => isJetBrains(v.kind) && v.environment === name);
  const environment: Record<string, string> = {};
  for (const v of [...visible(envs, name)].reverse()) environment[v.name] = v.value;
  const shared: Record<string, string> = {};
  if (!jb) for (const v of envs.values) if (v.kind === 'rest-client' && v.environment === SHARED) shared[v.name] = v.value;
  return jb ? { environment, shared: {}, environmentFirst: true } : { environment, shared };
}

/** The `.env` values by name (a later definition wins). */
export function dotenvValues(envs: Environments): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  for (const v of envs.values) if (v.kind === 'dotenv') out.set(v.name, v);
  return out;
}

/**
 * `dynamic` for the parser that also reads `{{$dotenv NAME}}` from the `.env` values, and
 * `{{$dotenv %NAME}}` through the environment variable NAME (REST Client's rule).
 */
export function withDotenv(envs: Environments, selected: SelectedEnvironment, dynamic?: HttpParseOptions['dynamic']): NonNullable<HttpParseOptions['dynamic']> {
  const dot = dotenvValues(envs);
  return (name) => {
    const m = /^\$dotenv\s+(%?)\s*([^\s]+)\s*$/.exec(name);
    if (!m) return dynamic?.(name);
    const key = m[1] ? selected.environment?.[m[2]] : m[2];
    return key === undefined ? undefined : dot.get(key)?.value;
  };
}

/** Where a token judged for the requests sits in a source file. */
export interface EnvTokenOrigin {
  kind: EnvSourceKind;
  path?: string;
  /** The variable: `token`, or `$dotenv TOKEN`. */
  variable: string;
  /** The environment it is defined in (`$shared`, or undefined for `.env`). */
  environment?: string;
  /** Offsets of the token in the source's text, when known. */
  start?: number;
  end?: number;
}

/** One request that sends an environment's token. */
export interface EnvTokenUse {
  /** The request, its URL resolved in the environment. */
  request: RequestRef;
  /** Offsets [start, end) in the request file of what carries it as written (the `Authorization` value or the URL). */
  start: number;
  end: number;
  /** The environments in which this request sends it (empty when the file has no named environment). */
  environments: string[];
}

/** A token that a request file takes from an environment, with the requests that use it. */
export interface EnvToken {
  /** The token (a credential: never print it whole). */
  raw: string;
  origin: EnvTokenOrigin;
  /** Every environment in which a request uses it. */
  environments: string[];
  uses: EnvTokenUse[];
}

interface Carrier {
  raw: string;
  start: number;
  end: number;
}

/** The tokens a request sends, as resolved, with the place they are written ({{…}} included). */
function carriersOf(r: HttpRequest): Carrier[] {
  const out: Carrier[] = [];
  for (const t of scan(r.url)) out.push({ raw: r.url.slice(t.start, t.end), start: r.urlStart, end: r.urlEnd });
  for (const h of r.headers) {
    if (h.name.toLowerCase() !== 'authorization') continue;
    for (const t of scan(h.value)) out.push({ raw: h.value.slice(t.start, t.end), start: h.valueStart, end: h.valueEnd });
  }
  return out;
}

function originOf(envs: Environments, name: string | undefined, raw: string): EnvTokenOrigin | undefined {
  // The value that is the token, else one that holds it (`Bearer eyJ…`, a URL with it).
  const candidates = [...visible(envs, name), ...dotenvValues(envs).values()];
  const v = candidates.find((x) => x.value.trim() === raw) ?? candidates.find((x) => x.value.includes(raw));
  if (!v) return undefined;
  let start: number | undefined;
  let end: number | undefined;
  // The token's place inside the value as written (past any escape or CRLF before it).
  if (v.start !== undefined && v.end !== undefined) {
    const at = v.value.indexOf(raw);
    start = sourceOffset(v, at);
    end = sourceOffset(v, at + raw.length);
  }
  return { kind: v.kind, path: v.path, variable: v.kind === 'dotenv' ? `$dotenv ${v.name}` : v.name, environment: v.environment, start, end };
}

/** The environments to judge: `only`, else every named one, else none (REST Client's `$shared` and `.env`). */
export function environmentsToJudge(envs: Environments, only?: string): Array<string | undefined> {
  return only !== undefined ? [only] : envs.names.length ? envs.names : [undefined];
}

/**
 * The tokens `text` (a .http/.rest file) takes from its environments, each judged per environment:
 * `only` picks one; by default every named environment is tried (REST Client's `$shared` alone when
 * there is none). A token written in the file itself (literally or as a file variable) is left to
 * the document's own analysis. Tokens from the same place are one entry, with every environment named.
 */
export function environmentTokens(text: string, envs: Environments, only?: string): EnvToken[] {
  if (!envs.values.length || !text.includes('{{')) return [];
  const byPlace = new Map<string, EnvToken>();
  for (const name of environmentsToJudge(envs, only)) {
    const selected = selectEnvironment(envs, name);
    if ('error' in selected) continue;
    const file = parseHttpFile(text, { ...selected, dynamic: withDotenv(envs, selected) });
    for (const r of file.requests) {
      for (const c of carriersOf(r)) {
        if (text.includes(c.raw)) continue; // written in the file: the document's own analysis judges it
        const origin = originOf(envs, name, c.raw);
        if (!origin) continue;
        const key = `${origin.kind}\0${origin.path}\0${origin.environment}\0${origin.variable}\0${origin.start ?? c.raw}`;
        let e = byPlace.get(key);
        if (!e) {
          e = { raw: c.raw, origin, environments: [], uses: [] };
          byPlace.set(key, e);
        }
        if (name !== undefined && !e.environments.includes(name)) e.environments.push(name);
        let use = e.uses.find((u) => u.request.line === r.line && u.request.url === r.url && u.start === c.start);
        if (!use) {
          use = { request: { method: r.method, url: r.url, line: r.line }, start: c.start, end: c.end, environments: [] };
          e.uses.push(use);
        }
        if (name !== undefined && !use.environments.includes(name)) use.environments.push(name);
      }
    }
  }
  return [...byPlace.values()];
}
