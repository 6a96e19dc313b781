// HAR 1.2 reader (docs/domain.md §6.3), with the document offsets of each entry's credentials so a token
// found in the HAR text maps to the request that sent it. Pure; never throws.
import { parseTree, type Node } from 'jsonc-parser';
import { decodeBase64Text } from '../b64';
import { readHarStreaming } from './harStream';

export type HeaderPairs = Array<[string, string]>;

export interface HarRequest {
  method: string;
  url: string;
  httpVersion?: string;
  headers: HeaderPairs;
  body?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion?: string;
  headers: HeaderPairs;
  /** Content text, base64-decoded when `encoding` is base64 (and it is UTF-8). */
  body?: string;
  mimeType?: string;
}

export interface HarEntry {
  /** 0-based position in `log.entries`. */
  index: number;
  /** 0-based line of the entry's opening brace in the document. */
  line: number;
  startedDateTime?: string;
  request: HarRequest;
  response?: HarResponse;
  /** Offsets [start, end) of the request's Authorization header values and its URL in the document. */
  credentialRanges: Array<[number, number]>;
  /** True when the request carries an Authorization header (whatever its value). */
  hasAuthorization: boolean;
}

export interface Har {
  entries: HarEntry[];
  /** Why the text is not a HAR (not JSON, no `log.entries`); absent when it is one. */
  error?: string;
  creator?: string;
}

function prop(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  for (const p of node.children) {
    if (p.type === 'property' && p.children && p.children[0]?.value === key) return p.children[1];
  }
  return undefined;
}

function strVal(node: Node | undefined): string | undefined {
  return node && node.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

function numVal(node: Node | undefined): number | undefined {
  return node && node.type === 'number' && typeof node.value === 'number' ? node.value : undefined;
}

function headersOf(node: Node | undefined, auth?: Array<[number, number]>): HeaderPairs {
  const out: HeaderPairs = [];
  if (!node || node.type !== 'array' || !node.children) return out;
  for (const h of node.children) {
    const name = strVal(prop(h, 'name'));
    const valueNode = prop(h, 'value');
    const value = strVal(valueNode);
    if (name === undefined || value === undefined) continue;
    out.push([name, value]);
    if (auth && valueNode && name.toLowerCase() === 'authorization') auth.push([valueNode.offset, valueNode.offset + valueNode.length]);
  }
  return out;
}

/** Line number of every offset in `offsets` (sorted ascending), in one pass over the text. */
function linesAt(text: string, offsets: number[]): number[] {
  const out: number[] = [];
  let line = 0;
  let i = 0;
  if (text.indexOf('\r') === -1) {
    // Only \n breaks lines: count them with indexOf, not a char loop.
    let nl = text.indexOf('\n');
    for (const off of offsets) {
      while (nl !== -1 && nl < off) {
        line++;
        nl = text.indexOf('\n', nl + 1);
      }
      out.push(line);
    }
    return out;
  }
  for (const off of offsets) {
    for (; i < off && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
    }
    out.push(line);
  }
  return out;
}

export interface ReadHarOptions {
  /**
   * Read the whole entry (default true). False reads only what finding token sites needs: each
   * request's method, URL and credential ranges (no response; request headers read as [], its body,
   * HTTP version and the entry's start time as missing).
   */
  responses?: boolean;
}

/**
 * Reads a HAR document. A BOM is tolerated; offsets stay those of the given text.
 *
 * Strict JSON (what HAR exporters write) goes through a streaming reader that builds no syntax tree
 * and reads only the fields a HAR entry needs, skipping the rest (bodies, timings) string by string
 * with `indexOf`: a 32 MB HAR takes a fraction of a second and little memory beyond the text. Anything
 * else (comments, trailing commas, syntax errors, nesting deeper than 256) falls back to jsonc-parser's
 * error-tolerant tree, so such files read exactly as before.
 */
export function readHar(text: string, options: ReadHarOptions = {}): Har {
  // Replace a BOM with a space of the same length, so offsets match the document.
  const src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  let k = 0;
  while (k < src.length && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9 || src.charCodeAt(k) === 10 || src.charCodeAt(k) === 13)) k++;
  if (src.charCodeAt(k) !== 123 /* { */) return { entries: [], error: 'not a JSON object' };
  const fast = readHarStreaming(src, k, options.responses !== false, linesAt);
  if (fast) return fast;
  return readHarTree(src, options);
}

/** The jsonc-parser reading (the fallback); `src` starts with `{` after white space. Exported for tests. */
export function readHarTree(src: string, options: ReadHarOptions = {}): Har {
  let root: Node | undefined;
  try {
    root = parseTree(src, undefined, { allowTrailingComma: true, disallowComments: false });
  } catch {
    root = undefined;
  }
  if (!root || root.type !== 'object') return { entries: [], error: 'not a JSON object' };
  const log = prop(root, 'log');
  const entriesNode = prop(log, 'entries');
  if (!entriesNode || entriesNode.type !== 'array') return { entries: [], error: 'no log.entries array' };
  const creator = strVal(prop(prop(log, 'creator'), 'name'));
  const nodes = (entriesNode.children ?? []).filter((n) => n.type === 'object');
  const lines = linesAt(src, nodes.map((n) => n.offset));
  const entries: HarEntry[] = nodes.map((e, index) => {
    const req = prop(e, 'request');
    const res = prop(e, 'response');
    const credentialRanges: Array<[number, number]> = [];
    const urlNode = prop(req, 'url');
    const all = options.responses !== false;
    const headers = headersOf(prop(req, 'headers'), credentialRanges);
    const request: HarRequest = {
      method: (strVal(prop(req, 'method')) ?? 'GET').toUpperCase(),
      url: strVal(urlNode) ?? '',
      httpVersion: all ? strVal(prop(req, 'httpVersion')) : undefined,
      headers: all ? headers : [],
      body: all ? strVal(prop(prop(req, 'postData'), 'text')) : undefined,
    };
    const hasAuthorization = credentialRanges.length > 0;
    if (urlNode && urlNode.type === 'string') credentialRanges.push([urlNode.offset, urlNode.offset + urlNode.length]);
    let response: HarResponse | undefined;
    const status = numVal(prop(res, 'status'));
    if (res && status !== undefined && options.responses !== false) {
      const content = prop(res, 'content');
      let body = strVal(prop(content, 'text'));
      if (body !== undefined && strVal(prop(content, 'encoding'))?.toLowerCase() === 'base64') {
        body = decodeBase64Text(body) ?? '[binary content]';
      }
      response = {
        status,
        statusText: strVal(prop(res, 'statusText')) ?? '',
        httpVersion: strVal(prop(res, 'httpVersion')),
        headers: headersOf(prop(res, 'headers')),
        body,
        mimeType: strVal(prop(content, 'mimeType')),
      };
    }
    credentialRanges.sort((a, b) => a[0] - b[0]);
    return { index, line: lines[index], startedDateTime: all ? strVal(prop(e, 'startedDateTime')) : undefined, request, response, credentialRanges, hasAuthorization };
  });
  return { entries, creator };
}

/** True when a text looks like a HAR (cheap check on its start, for files not named `.har`). */
export function looksLikeHar(text: string): boolean {
  const head = text.slice(0, 2000);
  return /^\uFEFF?\s*\{/.test(head) && head.includes('"log"');
}
