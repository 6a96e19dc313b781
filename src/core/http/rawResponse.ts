// A raw HTTP response document: status line (with its reason phrase), headers, body. Found by its
// status line anywhere in a text (a saved response under a request, a pasted capture). Never throws.
import { firstNonBlank, splitLines } from './lines';

export interface RawResponse {
  httpVersion: string;
  status: number;
  /** The reason phrase as sent (`Unauthorized - MFA required`); empty when there is none. */
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
  /** 0-based line of the status line. */
  line: number;
}

const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?) +(\d{3})(?: +(.*))?$/i;

/** Every response in `text`, each from its status line to the next status line (or the end). */
export function findRawResponses(text: string): RawResponse[] {
  const lines = splitLines(text);
  const out: RawResponse[] = [];
  let cur: { r: RawResponse; inBody: boolean; body: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.body.length && cur.body[cur.body.length - 1].trim() === '') cur.body.pop();
    cur.r.body = cur.body.join('\n');
    out.push(cur.r);
    cur = null;
  };
  for (const l of lines) {
    const t = l.text;
    const m = t.length < 2000 && t.charCodeAt(0) !== 32 ? STATUS_LINE.exec(t.trimEnd()) : null;
    if (m) {
      flush();
      cur = { r: { httpVersion: m[1], status: Number(m[2]), statusText: (m[3] ?? '').trim(), headers: [], body: '', line: l.n }, inBody: false, body: [] };
      continue;
    }
    if (!cur) continue;
    if (!cur.inBody) {
      if (firstNonBlank(t) === t.length) {
        cur.inBody = true;
        continue;
      }
      const colon = t.indexOf(':');
      if (colon > 0) cur.r.headers.push([t.slice(0, colon).trim(), t.slice(colon + 1).trim()]);
      else if ((t.charCodeAt(0) === 32 || t.charCodeAt(0) === 9) && cur.r.headers.length) {
        // obsolete line folding: continue the previous value
        const h = cur.r.headers[cur.r.headers.length - 1];
        h[1] += ' ' + t.trim();
      }
      continue;
    }
    // A new request separator ends a saved response in .http files.
    if (t.startsWith('###')) {
      flush();
      continue;
    }
    cur.body.push(t);
  }
  flush();
  return out;
}

/** The first response in `text`, or null when it holds no status line. */
export function parseRawResponse(text: string): RawResponse | null {
  return findRawResponses(text)[0] ?? null;
}
