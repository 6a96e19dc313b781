// Finds the token under a position from its line alone (never the whole document), and resolves the
// `{uri, start, end}` arguments our commands take back to a token in a document.
import * as vscode from 'vscode';
import { documentKind, isRequestDocument, KIND_HEAD_CHARS, type DocumentKind } from '../core/http/documentKind';
import { scan, tokenAt } from '../core/scan';
import type { TokenKind } from '../core/types';
import type { TokenTarget } from './render/hover';

export interface LocatedToken {
  doc: vscode.TextDocument;
  /** Document offsets, UTF-16; `end` exclusive. */
  start: number;
  end: number;
  kind: TokenKind;
  range: vscode.Range;
  raw: string;
}

/** The token covering `pos`, found in that line's text only. Tokens never span lines. */
export function tokenAtPosition(doc: vscode.TextDocument, pos: vscode.Position): LocatedToken | undefined {
  if (pos.line >= doc.lineCount) return undefined;
  const line = doc.lineAt(pos.line);
  const t = tokenAt(line.text, pos.character);
  if (!t) return undefined;
  const base = doc.offsetAt(line.range.start);
  const range = new vscode.Range(pos.line, t.start, pos.line, t.end);
  return { doc, start: base + t.start, end: base + t.end, kind: t.kind, range, raw: line.text.slice(t.start, t.end) };
}

export function targetOf(t: { doc: vscode.TextDocument; start: number; end: number }): TokenTarget {
  return { uri: t.doc.uri.toString(), start: t.start, end: t.end };
}

/** Longest range a command argument may name: far beyond any real token, bounded to stay cheap. */
const MAX_TOKEN_CHARS = 1024 * 1024;

function isTarget(arg: unknown): arg is { uri: string | vscode.Uri; start: number; end: number } {
  if (!arg || typeof arg !== 'object') return false;
  const a = arg as Record<string, unknown>;
  return (
    (typeof a.uri === 'string' || a.uri instanceof vscode.Uri) &&
    Number.isSafeInteger(a.start) &&
    Number.isSafeInteger(a.end) &&
    (a.start as number) >= 0 &&
    (a.end as number) > (a.start as number) &&
    (a.end as number) - (a.start as number) <= MAX_TOKEN_CHARS
  );
}

/**
 * The token a command is about: the `{uri, start, end}` argument when given (checked to still be
 * exactly one token), else the token under the active editor's cursor.
 */
export async function resolveTokenArg(arg: unknown): Promise<LocatedToken | undefined> {
  if (isTarget(arg)) {
    const uri = typeof arg.uri === 'string' ? vscode.Uri.parse(arg.uri, true) : arg.uri;
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) ?? (await vscode.workspace.openTextDocument(uri));
    const range = new vscode.Range(doc.positionAt(arg.start), doc.positionAt(arg.end));
    const raw = doc.getText(range);
    const found = scan(raw);
    if (found.length !== 1 || found[0].start !== 0 || found[0].end !== raw.length) return undefined;
    return { doc, start: arg.start, end: arg.end, kind: found[0].kind, range, raw };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return tokenAtPosition(editor.document, editor.selection.active);
}

/** The document's kind (`documentKind` in core), from its name, language id and first characters. */
export function kindOfDocument(doc: vscode.TextDocument): DocumentKind {
  const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(KIND_HEAD_CHARS)));
  return documentKind({ fileName: doc.fileName || doc.uri.path, languageId: doc.languageId, text: head });
}

/** Where requests are written (.http/.rest and HAR, whatever the file is named): Replay's quick fix, analysis on hover. */
export function isRequestFile(doc: vscode.TextDocument): boolean {
  return isRequestDocument(kindOfDocument(doc));
}

/** The name and language id core's document functions take (`listExchanges`, `findRequestSites`). */
export function documentName(doc: vscode.TextDocument): { fileName: string; languageId: string } {
  return { fileName: doc.fileName || doc.uri.path, languageId: doc.languageId };
}
