// One list of request/response exchanges for any document (.http/.rest, HAR, curl lines, raw
// responses), for the faces' "Diagnose" commands and the HAR quick pick. Pure; never throws.
import { redactUrl } from '../redact';
import { findCurlCommands } from './curl';
import { kindOf, type DocumentName } from './documentKind';
import { readHar } from './har';
import { parseHttpFile, type HttpParseOptions, type HttpRequest } from './httpFile';
import { mintedTokenOf } from './minted';
import { findRawResponses } from './rawResponse';

export type ExchangeSource = 'http' | 'har' | 'curl' | 'raw';

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body?: string;
  /** `.http` only: names that could not be resolved (nothing may be sent while any remain). */
  unresolved?: string[];
  /** `.http` only: the token is made when the request is sent (`{{$aadToken}}`…): what makes it, as written. */
  minted?: string;
  /** `.http` only: the body comes from this file. */
  bodyFile?: HttpRequest['bodyFile'];
  followRedirects?: boolean;
}

export interface ExchangeResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body?: string;
}

export interface Exchange {
  source: ExchangeSource;
  /** 0-based position among the document's exchanges of this source (HAR entry, request, command). */
  index: number;
  /** 0-based line of the request (or of the status line for a bare response). */
  line: number;
  /** For quick picks: `GET https://host/path → 401 Unauthorized` (credentials in the URL redacted). */
  label: string;
  request: ExchangeRequest | null;
  /** The recorded response, when the document holds one. */
  response?: ExchangeResponse;
  /** HAR: the request carried an Authorization header (false suggests a sanitized export). */
  hasAuthorization?: boolean;
  /** HAR: when the request was sent (`startedDateTime`), to judge the token's lifetime at that time. */
  startedAt?: string;
}

function label(req: ExchangeRequest | null, res: ExchangeResponse | undefined): string {
  const left = req ? `${req.method} ${redactUrl(req.url).slice(0, 200)}` : 'response';
  return res ? `${left} → ${res.status}${res.statusText ? ' ' + res.statusText.slice(0, 80) : ''}` : left;
}

/** Every exchange in a document, in document order within each source. */
export function listExchanges(text: string, doc: DocumentName, opts: HttpParseOptions = {}): Exchange[] {
  try {
    const kind = kindOf(doc, text);
    if (kind === 'http') return httpExchanges(text, opts);
    if (kind === 'har') {
      const har = readHar(text);
      if (!har.error) {
        return har.entries.map((en) => {
          const request: ExchangeRequest = { method: en.request.method, url: en.request.url, headers: en.request.headers, body: en.request.body };
          const response = en.response && { status: en.response.status, statusText: en.response.statusText, headers: en.response.headers, body: en.response.body };
          return { source: 'har', index: en.index, line: en.line, label: label(request, response), request, response, hasAuthorization: en.hasAuthorization, ...(en.startedDateTime ? { startedAt: en.startedDateTime } : {}) };
        });
      }
    }
    const out: Exchange[] = findCurlCommands(text).map((c, index) => {
      const request: ExchangeRequest = { method: c.method, url: c.url, headers: c.headers.map((h): [string, string] => [h.name, h.value]), body: c.body, followRedirects: c.followRedirects };
      return { source: 'curl', index, line: c.line, label: label(request, undefined), request };
    });
    findRawResponses(text).forEach((r, index) => {
      const response: ExchangeResponse = { status: r.status, statusText: r.statusText, headers: r.headers, body: r.body };
      out.push({ source: 'raw', index, line: r.line, label: label(null, response), request: null, response });
    });
    return out.sort((a, b) => a.line - b.line);
  } catch {
    return [];
  }
}

/** .http requests, each with the response saved right below it (a line starting `HTTP/` ends a request). */
function httpExchanges(text: string, opts: HttpParseOptions): Exchange[] {
  const file = parseHttpFile(text, opts);
  const { requests } = file;
  const responses = findRawResponses(text);
  return requests.map((r, index) => {
    const next = requests[index + 1]?.line ?? Infinity;
    const saved = responses.find((x) => x.line > r.line && x.line < next);
    const request: ExchangeRequest = {
      method: r.method,
      url: r.url,
      headers: r.headers.map((h): [string, string] => [h.name, h.value]),
      body: r.body,
      unresolved: r.unresolved,
      bodyFile: r.bodyFile,
    };
    const minted = mintedTokenOf(file, r, opts);
    if (minted) request.minted = minted.expression;
    const response = saved && { status: saved.status, statusText: saved.statusText, headers: saved.headers, body: saved.body };
    return { source: 'http', index, line: r.line, label: label(request, response), request, ...(response ? { response } : {}) };
  });
}

/** The exchange at a 0-based line (the cursor): the last one starting at or above it. */
export function exchangeAtLine(exchanges: readonly Exchange[], line: number): Exchange | undefined {
  let best: Exchange | undefined;
  for (const x of exchanges) if (x.line <= line && (!best || x.line >= best.line)) best = x;
  return best;
}
