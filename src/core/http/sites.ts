// Where each token in a document is sent: .http/.rest requests, HAR entries, curl lines.
// (The request-file parsers fill this in; until then no token has a request.)
import type { RequestRef } from '../types';

/** A token occurrence [start, end) in a document and the requests that send it. */
export interface TokenSite {
  start: number;
  end: number;
  requests: RequestRef[];
}

/** The sites of `text`, keyed by file name (extension) and content. Never throws. */
export function findRequestSites(_text: string, _fileName: string): TokenSite[] {
  return [];
}
