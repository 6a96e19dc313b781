// Bench inputs (issue 16): realistic texts of a given size, each holding a known number of tokens.
// Deterministic (no randomness), so two runs measure the same text.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const NOW = Date.UTC(2026, 10, 25, 12);
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An Entra-like access token (~900 chars), distinct per `i`; every 10th has a white-space header. */
export function token(i: number, spacedHeader = i % 10 === 9): string {
  const header = spacedHeader ? b64('{ "alg": "RS256", "typ": "JWT", "kid": "k1" }') : b64({ typ: 'JWT', alg: 'RS256', kid: 'k1' });
  const claims = {
    aud: 'https://api.partnercenter.microsoft.com',
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    iat: NOW / 1000 - 600,
    exp: NOW / 1000 + 3000 - (i % 7) * 1000,
    amr: i % 3 ? ['pwd', 'mfa'] : ['pwd'],
    scp: 'user_impersonation',
    upn: `user${i}@contoso.example`,
    oid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    appid: '11111111-2222-3333-4444-555555555555',
    ver: '1.0',
  };
  return `${header}.${b64(claims)}.${b64('s'.repeat(256))}`;
}

export interface Input {
  name: string;
  text: string;
  /** Tokens a correct scanner finds. */
  tokens: number;
  /** The look-alike input has a lower target. */
  lookalike?: boolean;
}

/** Lines from `line(i)` until `bytes`; every `every`-th line gets a token through `withToken`. */
function lines(bytes: number, every: number, line: (i: number) => string, withToken: (i: number, t: string) => string): Input {
  const out: string[] = [];
  let size = 0;
  let tokens = 0;
  for (let i = 0; size < bytes; i++) {
    const l = i % every === every - 1 ? withToken(i, token(tokens++)) : line(i);
    out.push(l);
    size += l.length + 1;
  }
  return { name: '', text: out.join('\n'), tokens };
}

const ip = (i: number) => `${10 + (i % 200)}.${i % 255}.${(i * 7) % 255}.${(i * 13) % 255}`;
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36';

/** nginx combined log: IPs, dotted file names and versions, user agents; a token every 50 lines. */
export function accessLog(bytes: number): Input {
  const base = (i: number) =>
    `${ip(i)} - - [25/Nov/2026:10:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /static/js/app.${(i % 977).toString(16)}.min.js?v=1.2.${i % 10} HTTP/1.1" 200 ${i % 9999} "https://www.example.com/index.html" "${UA}"`;
  const r = lines(bytes, 50, base, (i, t) => `${ip(i)} - - [25/Nov/2026:10:00:00 +0000] "GET /v1/customers?access_token=${t} HTTP/1.1" 401 0 "-" "${UA}"`);
  return { ...r, name: 'nginx access log' };
}

/** JSON lines: floats, dotted event names, trace ids; a token every 50 lines. */
export function jsonLines(bytes: number): Input {
  const base = (i: number) =>
    JSON.stringify({
      ts: `2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`,
      level: 'info',
      event: 'http.server.request.done',
      dur: (i % 997) / 7,
      cpu: 0.25 + (i % 13) / 100,
      trace: `4bf92f3577b34da6a3ce929d0e0e${(i % 65536).toString(16).padStart(4, '0')}`,
      host: `api-${i % 9}.prod.eu-west-1.example.net`,
      v: `1.24.${i % 50}`,
    });
  const r = lines(bytes, 50, base, (i, t) => JSON.stringify({ ts: '2026-11-25T10:00:00.000Z', level: 'debug', event: 'auth.header', authorization: `Bearer ${t}`, n: i }));
  return { ...r, name: 'JSON-lines log' };
}

/** Real minified files from node_modules, repeated to `bytes`, a token string literal after every 500th `;`. */
export function minifiedJs(bytes: number, root: string): Input {
  const files = ['markdown-it/dist/markdown-it.min.js', '@azure/msal-browser/lib/msal-browser.min.js', 'eslint/node_modules/ajv/dist/ajv.min.js']
    .map((f) => path.join(root, 'node_modules', f))
    .flatMap((f) => {
      try {
        return [readFileSync(f, 'utf8')];
      } catch {
        return [];
      }
    });
  if (files.length === 0) throw new Error('no minified files found in node_modules');
  const parts: string[] = [];
  let size = 0;
  let tokens = 0;
  let semis = 0;
  for (let k = 0; size < bytes; k++) {
    const src = files[k % files.length];
    let last = 0;
    for (let at = src.indexOf(';'); at !== -1 && size < bytes; at = src.indexOf(';', at + 1)) {
      if (++semis % 500 !== 0) continue;
      parts.push(src.slice(last, at + 1), `"${token(tokens++)}";`);
      size += at + 1 - last;
      last = at + 1;
    }
    parts.push(src.slice(last));
    size += src.length - last;
  }
  return { name: 'minified JS (node_modules)', text: parts.join(''), tokens };
}

/** A HAR 1.2 export: every entry sends a bearer token and carries a JSON response body. */
export function har(bytes: number): Input {
  const entries: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const t = token(i);
    const body = JSON.stringify({ value: Array.from({ length: 20 }, (_, k) => ({ id: `${i}-${k}`, name: `Customer ${k}.example`, ratio: k / 3 })) });
    entries.push({
      startedDateTime: '2026-11-25T10:00:00.000Z',
      time: 120.5,
      request: {
        method: 'GET',
        url: `https://api.partnercenter.microsoft.com/v1/customers?page=${i}`,
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Authorization', value: `Bearer ${t}` },
          { name: 'Accept', value: 'application/json' },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        cookies: [],
        content: { size: body.length, mimeType: 'application/json', text: body },
        redirectURL: '',
        headersSize: -1,
        bodySize: body.length,
      },
      cache: {},
      timings: { send: 0.1, wait: 110.2, receive: 10.2 },
    });
    size += t.length + body.length + 600;
  }
  const doc = () => JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1.0' }, entries } }, null, 2);
  let text = doc();
  // The estimate above leaves out the indentation: cut the entries so the file is `bytes` long at most.
  if (text.length > bytes) {
    entries.length = Math.floor((entries.length * bytes) / text.length);
    text = doc();
  }
  return { name: 'HAR', text, tokens: entries.length };
}

/** The original synthetic log: few dots, words that start like headers ("they", "eye"). */
export function syntheticLog(bytes: number): Input {
  const base = (i: number) =>
    `2026-11-25T10:${String(i % 60).padStart(2, '0')}:00.000Z INFO worker-${i % 8} processed key=${i.toString(36)} they said the network framework ready, eye level ok, status=200 elapsed=${i % 997}ms`;
  const r = lines(bytes, 50, base, (_i, t) => `2026-11-25T10:00:00.000Z DEBUG http request GET https://api.partnercenter.microsoft.com/v1/customers Authorization: Bearer ${t}`);
  return { ...r, name: 'synthetic log' };
}

/** A token on every line. */
export function tokenEveryLine(bytes: number): Input {
  const r = lines(bytes, 1, () => '', (_i, t) => `2026-11-25T10:00:00Z DEBUG Authorization: Bearer ${t}`);
  return { ...r, name: 'a token on every line' };
}

/** Prose full of look-alikes (`eyJ.x`, `ey.ey`, `eyJhbG.eyJ.`, "framework", "they", "ewok"); a token every 50 lines. */
export function lookalikes(bytes: number): Input {
  const base = (i: number) =>
    `they said eyJ.x and ey.ey were fine; the framework ${i}.${i % 7} (eyJhbG.eyJ.) met the ewok at 10.0.${i % 255}.1, eye level, newer.`;
  const r = lines(bytes, 50, base, (i, t) => `they sent Bearer ${t} at ${i}.`);
  return { ...r, name: 'look-alikes', lookalike: true };
}

/** `eyJhbGci<n>AAAA.` distinct junk candidates on one line: each passes the `"alg"` pre-filter. */
export function junkLine(bytes: number): string {
  const out: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const s = n % 2 ? `eyJhbGci${n}AAAA.` : `eyJ${n}AAAA.`;
    out.push(s);
    size += s.length;
  }
  return out.join('');
}
