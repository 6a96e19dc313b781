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

/** `HTTP/1.1 401 Unauthorized`, `HTTP/2 403`; also the loose `HTTP 401; Unauthorized` some docs print. */
const STATUS_LINE = /^HTTP(?:\/(\d(?:\.\d)?))?[ \t]+([1-5]\d\d)(?:[ \t]*[;:,]?[ \t]+(.*))?$/i;
/** A header line: `Name: value`, or the docs' `www-authenticate =Bearer …`. */
const EQ_HEADER = /^(www-authenticate|www-authenticate-\w+)[ \t]*=[ \t]*(.*)$/i;
const MAX_INDENT = 40;

function indentOf(t: string): number {
  let i = 0;
  while (i < t.length && i <= MAX_INDENT && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
  return i;
}

/**
 * Every response in `text`, each from its status line to the next status line (or the end).
 * Read as people paste them: an indented block (RFC 6750 §3 as printed) is read at its own
 * indentation and ends where the text comes back left of it; header values continue on more
 * indented lines; a status line without a version (`HTTP 401; Unauthorized`) may be followed by
 * blank lines before its headers, and `www-authenticate =Bearer …` counts as a header.
 */
export function findRawResponses(text: string): RawResponse[] {
  const lines = splitLines(text);
  const out: RawResponse[] = [];
  let cur: { r: RawResponse; inBody: boolean; body: string[]; indent: number; loose: boolean } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.body.length && cur.body[cur.body.length - 1].trim() === '') cur.body.pop();
    cur.r.body = cur.body.join('\n');
    out.push(cur.r);
    cur = null;
  };
  for (const l of lines) {
    const raw = l.text;
    const indent = indentOf(raw);
    const m = raw.length < 2000 && indent <= MAX_INDENT ? STATUS_LINE.exec(raw.slice(indent).trimEnd()) : null;
    // A loose status line (no version) must look like one: a short reason phrase, not a sentence.
    if (m && (m[1] !== undefined || (m[3] ?? '').length <= 60)) {
      flush();
      cur = { r: { httpVersion: m[1] ?? '', status: Number(m[2]), statusText: (m[3] ?? '').trim(), headers: [], body: '', line: l.n }, inBody: false, body: [], indent, loose: m[1] === undefined };
      continue;
    }
    if (!cur) continue;
    const blank = firstNonBlank(raw) === raw.length;
    // An indented block ends where the text comes back to its left.
    if (cur.indent > 0 && !blank && indent < cur.indent) {
      flush();
      continue;
    }
    const t = cur.indent > 0 ? raw.slice(Math.min(cur.indent, indent)) : raw;
    if (!cur.inBody) {
      if (blank) {
        // `HTTP 401; Unauthorized`, a blank line, then the header: the docs' layout.
        if (!(cur.loose && cur.r.headers.length === 0)) cur.inBody = true;
        continue;
      }
      if ((t.charCodeAt(0) === 32 || t.charCodeAt(0) === 9) && cur.r.headers.length) {
        // obsolete line folding, or a value continued on indented lines as printed: continue the value
        const h = cur.r.headers[cur.r.headers.length - 1];
        h[1] += ' ' + t.trim();
        continue;
      }
      const eq = t.length < 100_000 ? EQ_HEADER.exec(t) : null;
      const colon = eq ? -1 : t.indexOf(':');
      if (eq) cur.r.headers.push([eq[1], eq[2].trim()]);
      else if (colon > 0) cur.r.headers.push([t.slice(0, colon).trim(), t.slice(colon + 1).trim()]);
      else if (cur.loose && cur.r.headers.length === 0) {
        // Not a response after all (a sentence starting "HTTP 404 …"): drop it.
        cur = null;
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
