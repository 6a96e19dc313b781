// What kind of document a text is, decided once for every face: the diagnostics, hover, CodeLens,
// quick fixes, Replay, the CLI and the exchange list all ask here, so they never disagree.
import { looksLikeHar } from './har';

/**
 * - `http`: a .http/.rest file (REST Client, JetBrains HTTP Client), by extension or language id;
 * - `har`: a HAR export, by extension or, whatever the name (`.json`, untitled), by its content;
 * - `markdown`: curl lines and ```http fences;
 * - `text`: anything else (curl lines and raw responses are found in it).
 */
export type DocumentKind = 'http' | 'har' | 'markdown' | 'text';

/** What a face knows about a document. `text` may be just its start: only the first 2,000 characters are read. */
export interface DocumentFacts {
  /** A file name or path (`/a/b.http`, `C:\a\b.har`, `Untitled-1`, `-` for stdin). */
  fileName: string;
  /** The editor's language id, when there is an editor (`http` for REST Client's .http mode). */
  languageId?: string;
  text?: string;
}

/** How much of the text `documentKind` reads (a HAR says `"log"` near its start). */
export const KIND_HEAD_CHARS = 2000;

function extension(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function documentKind(doc: DocumentFacts): DocumentKind {
  const ext = extension(doc.fileName);
  const lang = doc.languageId?.toLowerCase();
  if (ext === 'http' || ext === 'rest' || lang === 'http') return 'http';
  if (ext === 'har' || (doc.text !== undefined && looksLikeHar(doc.text.slice(0, KIND_HEAD_CHARS)))) return 'har';
  if (ext === 'md' || ext === 'markdown' || lang === 'markdown') return 'markdown';
  return 'text';
}

/** Documents where requests are written (Replay's quick fix, analysis on hover): .http/.rest and HAR. */
export function isRequestDocument(kind: DocumentKind): boolean {
  return kind === 'http' || kind === 'har';
}

/** A document as callers name it: a file name alone, or with the editor's language id. */
export type DocumentName = string | Omit<DocumentFacts, 'text'>;

/** `documentKind` for a caller that holds the whole text. */
export function kindOf(doc: DocumentName, text: string): DocumentKind {
  return documentKind(typeof doc === 'string' ? { fileName: doc, text } : { ...doc, text });
}
