// curl command lines (docs/domain.md §6.4): finds them in any text and reads method, URL, headers and
// body, keeping document offsets of each argument. Shell quoting: POSIX single/double quotes, bash
// `$'…'`, backslash-newline; Windows cmd `^` escapes and continuation; PowerShell backtick
// continuation. One linear pass per command; never throws.
import { utf8ToBase64 } from '../b64';

export interface CurlHeader {
  name: string;
  value: string;
  /** Offsets [start, end) of the argument that carries it (synthetic headers: the option's argument). */
  start: number;
  end: number;
}

export interface CurlCommand {
  /** Offsets of the whole command (from `curl` to its last argument). */
  start: number;
  end: number;
  /** 0-based line where the command starts. */
  line: number;
  method: string;
  url: string;
  headers: CurlHeader[];
  body?: string;
  /** -L / --location. */
  followRedirects: boolean;
  /** Offsets of arguments that carry credentials: Authorization headers, --oauth2-bearer, the URL. */
  credentialRanges: Array<[number, number]>;
}

interface Word {
  value: string;
  start: number;
  end: number;
}

type Mode = 'posix' | 'cmd';

const POSIX_SPECIAL = new Set([' ', '\t', '\n', '\r', '|', ';', '&', '>', '<', "'", '"', '$', '\\']);
const CMD_SPECIAL = new Set([' ', '\t', '\n', '\r', '|', '&', '>', '<', '"', '^', '\\']);
const isSpace = (c: string) => c === ' ' || c === '\t';
const isNl = (c: string) => c === '\n' || c === '\r';

/** Length of a line break at `i` (\r\n = 2), or 0. */
function nlLen(text: string, i: number): number {
  const c = text[i];
  if (c === '\r') return text[i + 1] === '\n' ? 2 : 1;
  return c === '\n' ? 1 : 0;
}

const ANSI: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function hexRun(text: string, i: number, max: number): number {
  let j = i;
  while (j < text.length && j - i < max && /[0-9a-fA-F]/.test(text[j])) j++;
  return j;
}

/** Splits a command into words starting at `from`; stops at an unquoted line end (no continuation), `|`, `;` or `&`. */
function tokenize(text: string, from: number, mode: Mode): { words: Word[]; end: number } {
  const words: Word[] = [];
  let i = from;
  const n = text.length;
  while (i < n) {
    // Gaps between words, with continuations.
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const cont = (c === '\\' && mode === 'posix') || (c === '^' && mode === 'cmd') || c === '`';
    if (cont) {
      let j = i + 1;
      while (j < n && isSpace(text[j])) j++; // tolerate trailing blanks after the continuation mark
      const nl = nlLen(text, j);
      if (nl) {
        i = j + nl;
        continue;
      }
    }
    if (isNl(c) || c === '|' || c === ';' || c === '&' || c === '>' || c === '<') break;
    if (c === '#' && mode === 'posix') break;
    // A word.
    const start = i;
    let value = '';
    let quoted = false; // cmd: inside "…"
    while (i < n) {
      let ch = text[i];
      if (mode === 'cmd' && ch === '^') {
        const nl = nlLen(text, i + 1);
        if (nl) {
          i += 1 + nl;
          continue;
        }
        if (i + 1 < n) {
          i++;
          ch = text[i]; // ^x is x for cmd; it still means what x means to curl's argument parser
        }
      }
      if (mode === 'cmd') {
        if (ch === '"') {
          quoted = !quoted;
          i++;
          continue;
        }
        if (ch === '\\' && (text[i + 1] === '"' || (text[i + 1] === '^' && text[i + 2] === '"'))) {
          value += '"';
          i += text[i + 1] === '^' ? 3 : 2;
          continue;
        }
        if (!quoted && (isSpace(ch) || isNl(ch))) break;
        if (!quoted && (ch === '|' || ch === '&' || ch === '>' || ch === '<')) break;
        let j = i + 1;
        while (j < n && !CMD_SPECIAL.has(text[j])) j++;
        value += ch + text.slice(i + 1, j);
        i = j;
        continue;
      }
      // POSIX shell. Plain characters are copied as one slice (keeps 1 MB words linear and fast).
      if (!POSIX_SPECIAL.has(ch)) {
        let j = i + 1;
        while (j < n && !POSIX_SPECIAL.has(text[j])) j++;
        value += text.slice(i, j);
        i = j;
        continue;
      }
      if (isSpace(ch) || isNl(ch) || ch === '|' || ch === ';' || ch === '&' || ch === '>' || ch === '<') break;
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? n : close;
        value += text.slice(i + 1, stop);
        i = close < 0 ? n : close + 1;
        continue;
      }
      if (ch === '$' && text[i + 1] === "'") {
        i += 2;
        while (i < n && text[i] !== "'") {
          if (text[i] === '\\' && i + 1 < n) {
            const e = text[i + 1];
            if (e === 'x') {
              const j = hexRun(text, i + 2, 2);
              value += j > i + 2 ? String.fromCharCode(parseInt(text.slice(i + 2, j), 16)) : '\\x';
              i = j;
            } else if (e === 'u' || e === 'U') {
              const j = hexRun(text, i + 2, e === 'u' ? 4 : 8);
              const cp = j > i + 2 ? parseInt(text.slice(i + 2, j), 16) : NaN;
              value += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + e;
              i = j;
            } else {
              value += ANSI[e] ?? '\\' + e;
              i += 2;
            }
            continue;
          }
          value += text[i++];
        }
        i++; // closing quote
        continue;
      }
      if (ch === '"') {
        i++;
        let from2 = i;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) {
            const e = text[i + 1];
            value += text.slice(from2, i);
            const nl = nlLen(text, i + 1);
            if (nl) i += 1 + nl;
            else {
              value += e === '"' || e === '\\' || e === '$' || e === '`' ? e : '\\' + e;
              i += 2;
            }
            from2 = i;
            continue;
          }
          i++;
        }
        value += text.slice(from2, i);
        i++; // closing quote
        continue;
      }
      if (ch === '\\' && i + 1 < n) {
        const nl = nlLen(text, i + 1);
        if (nl) {
          i += 1 + nl;
          // a continuation inside a word ends it when followed by white space, as the shell would
          if (i < n && isSpace(text[i])) break;
          continue;
        }
        value += text[i + 1];
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    words.push({ value, start, end: Math.min(i, n) });
  }
  return { words, end: Math.min(i, n) };
}

const SHORT_WITH_VALUE = new Set('HXduAebcoxmwTFEKrYyzCUDtQ'.split(''));
const LONG_WITH_VALUE = new Set(
  (
    'header request data data-ascii data-binary data-raw data-urlencode url user user-agent referer cookie cookie-jar output proxy ' +
    'max-time connect-timeout write-out upload-file form form-string cert key cacert capath oauth2-bearer proxy-user resolve retry ' +
    'retry-delay retry-max-time limit-rate range dump-header config interface local-port max-filesize max-redirs proto proto-redir ' +
    'request-target aws-sigv4 json variable expect100-timeout unix-socket abstract-unix-socket connect-to trace trace-ascii stderr ' +
    'netrc-file cert-type key-type pass ciphers tls-max crlfile pinnedpubkey noproxy preproxy socks5 socks5-hostname socks4 socks4a ' +
    'proxy-header quote speed-limit speed-time time-cond url-query output-dir create-file-mode etag-save etag-compare'
  ).split(' '),
);

/** Reads curl's options from words (words[0] is `curl`). */
function interpret(words: Word[], start: number, line: number): CurlCommand {
  const headers: CurlHeader[] = [];
  const credentialRanges: Array<[number, number]> = [];
  const data: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  let head = false;
  let followRedirects = false;
  let getMode = false;
  let endOfOptions = false;

  const apply = (opt: string, w: Word | undefined) => {
    const v = w?.value ?? '';
    switch (opt) {
      case 'H':
      case 'header': {
        if (!w || v.startsWith('@')) return;
        const colon = v.indexOf(':');
        if (colon <= 0) return;
        const name = v.slice(0, colon).trim();
        headers.push({ name, value: v.slice(colon + 1).trim(), start: w.start, end: w.end });
        if (name.toLowerCase() === 'authorization') credentialRanges.push([w.start, w.end]);
        return;
      }
      case 'oauth2-bearer':
        if (!w) return;
        headers.push({ name: 'Authorization', value: `Bearer ${v}`, start: w.start, end: w.end });
        credentialRanges.push([w.start, w.end]);
        return;
      case 'u':
      case 'user':
        if (!w) return;
        headers.push({ name: 'Authorization', value: `Basic ${utf8ToBase64(v)}`, start: w.start, end: w.end });
        return;
      case 'X':
      case 'request':
        if (w) method = v.toUpperCase();
        return;
      case 'url':
        if (w && url === undefined) {
          url = v;
          credentialRanges.push([w.start, w.end]);
        }
        return;
      case 'd':
      case 'data':
      case 'data-ascii':
      case 'data-binary':
      case 'data-raw':
      case 'data-urlencode':
        if (w) data.push(v);
        return;
      case 'json':
        if (!w) return;
        data.push(v);
        headers.push({ name: 'Content-Type', value: 'application/json', start: w.start, end: w.end });
        headers.push({ name: 'Accept', value: 'application/json', start: w.start, end: w.end });
        return;
      case 'b':
      case 'cookie':
        if (w && v.includes('=')) headers.push({ name: 'Cookie', value: v, start: w.start, end: w.end });
        return;
      case 'A':
      case 'user-agent':
        if (w) headers.push({ name: 'User-Agent', value: v, start: w.start, end: w.end });
        return;
      case 'e':
      case 'referer':
        if (w) headers.push({ name: 'Referer', value: v, start: w.start, end: w.end });
        return;
      case 'L':
      case 'location':
        followRedirects = true;
        return;
      case 'I':
      case 'head':
        head = true;
        return;
      case 'G':
      case 'get':
        getMode = true;
        return;
    }
  };

  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    const v = w.value;
    if (!endOfOptions && v === '--') {
      endOfOptions = true;
      continue;
    }
    if (!endOfOptions && v.startsWith('--') && v.length > 2) {
      const name = v.slice(2);
      if (LONG_WITH_VALUE.has(name)) apply(name, words[++k]);
      else apply(name, undefined);
      continue;
    }
    if (!endOfOptions && v.startsWith('-') && v.length > 1) {
      // Bundled short options: `-sSL`, `-XPOST`, `-H'…'`.
      for (let j = 1; j < v.length; j++) {
        const o = v[j];
        if (SHORT_WITH_VALUE.has(o)) {
          if (j + 1 < v.length) {
            // The value is glued to the option: its offsets are the rest of the word (approximately).
            apply(o, { value: v.slice(j + 1), start: w.start, end: w.end });
          } else apply(o, words[++k]);
          break;
        }
        apply(o, undefined);
      }
      continue;
    }
    if (url === undefined) {
      url = v;
      credentialRanges.push([w.start, w.end]);
    }
  }
  let body = data.length ? data.join('&') : undefined;
  let finalUrl = url ?? '';
  if (getMode && body !== undefined) {
    finalUrl += (finalUrl.includes('?') ? '&' : '?') + body;
    body = undefined;
  }
  if (finalUrl && !/^[a-z][a-z0-9+.-]*:\/\//i.test(finalUrl)) finalUrl = `http://${finalUrl}`;
  const last = words[words.length - 1];
  credentialRanges.sort((a, b) => a[0] - b[0]);
  return {
    start,
    end: last ? last.end : start,
    line,
    method: method ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET'),
    url: finalUrl,
    headers,
    body,
    followRedirects,
    credentialRanges,
  };
}

/** Offset where `curl` starts on a line beginning at `ls` (prompts allowed), or -1. */
function curlStart(text: string, ls: number, le: number): number {
  const max = Math.min(le, ls + 200);
  let i = ls;
  while (i < max && isSpace(text[i])) i++;
  // Prompts: `$ `, `% `, `> `, `# `, `PS C:\path> `.
  if ((text[i] === '$' || text[i] === '%' || text[i] === '>' || text[i] === '#') && isSpace(text[i + 1] ?? '')) {
    i++;
    while (i < max && isSpace(text[i])) i++;
  } else if (text.startsWith('PS', i)) {
    let gt = i + 2;
    while (gt < max && text[gt] !== '>') gt++;
    if (gt < max) {
      i = gt + 1;
      while (i < max && isSpace(text[i])) i++;
    }
  }
  if (!text.startsWith('curl', i)) return -1;
  let j = i + 4;
  if (text.startsWith('.exe', j)) j += 4;
  const after = text[j];
  return after === ' ' || after === '\t' || after === '^' || after === '\\' ? i : -1;
}

function modeOf(text: string, from: number, lineEnd: number): Mode {
  let e = lineEnd;
  while (e > from && isSpace(text[e - 1])) e--;
  if (text[e - 1] === '^') return 'cmd';
  const probe = text.slice(from, Math.min(lineEnd, from + 400));
  return probe.includes('^"') ? 'cmd' : 'posix';
}

/** Parses one command line (`curl …`). Null when it is not a curl command. */
export function parseCurl(command: string): CurlCommand | null {
  const found = findCurlCommands(command);
  return found[0] ?? null;
}

/**
 * Every curl command in `text` (a line starting with `curl `, possibly after a prompt), with offsets.
 * `extents`, when given, receives for each command the start of the next line the walk reads afresh
 * (just past the command's last line): the command depends on no text from there on (the editor's
 * incremental analysis re-reads only the commands an edit touches).
 */
export function findCurlCommands(text: string, extents?: number[]): CurlCommand[] {
  const out: CurlCommand[] = [];
  // Every command starts with the word `curl`: a file without it (most logs) is not walked line by line.
  if (!text.includes('curl')) return out;
  let ls = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const n = text.length;
  while (ls <= n) {
    let le = ls;
    while (le < n && !isNl(text[le])) le++;
    const at = curlStart(text, ls, le);
    let next = le + (nlLen(text, le) || 1);
    let nextLine = line + 1;
    if (at >= 0) {
      const { words, end } = tokenize(text, at, modeOf(text, at, le));
      if (words.length > 0 && (words[0].value === 'curl' || words[0].value === 'curl.exe')) {
        out.push(interpret(words, at, line));
        // Skip the lines the command spans.
        let e = end;
        for (let i = le; i < e; i++) {
          const nl = nlLen(text, i);
          if (nl) {
            nextLine++;
            i += nl - 1;
          }
        }
        while (e < n && !isNl(text[e])) e++;
        next = e + (nlLen(text, e) || 1);
        extents?.push(Math.min(next, n));
      }
    }
    if (le >= n) break;
    ls = next;
    line = nextLine;
  }
  return out;
}

/** The curl command that spans `offset` (the cursor), if any. */
export function curlAtOffset(text: string, offset: number): CurlCommand | undefined {
  return findCurlCommands(text).find((c) => c.start <= offset && offset <= c.end);
}
