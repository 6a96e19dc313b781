// Finds tokens in a document without copying the whole text: a cursor needs only its line, a range
// only its own text. Documents can be 50 MB; the panel follows the cursor on every move.
import * as vscode from 'vscode';
import { scan, tokenAt } from '../../core/scan';

export interface Span {
  start: number;
  end: number;
}

/** The token under a position, from that line's text alone (offsets are document offsets). */
export function tokenAtPosition(doc: vscode.TextDocument, pos: vscode.Position): Span | undefined {
  const line = doc.lineAt(Math.min(pos.line, doc.lineCount - 1));
  const t = tokenAt(line.text, Math.min(pos.character, line.text.length));
  if (!t) return undefined;
  const base = doc.offsetAt(line.range.start);
  return { start: base + t.start, end: base + t.end };
}

/** Tokens inside a range, in document offsets. */
export function tokensInRange(doc: vscode.TextDocument, range: vscode.Range): Span[] {
  const base = doc.offsetAt(range.start);
  return scan(doc.getText(range)).map((t) => ({ start: base + t.start, end: base + t.end }));
}

/** [start, end) when exactly one whole token is there; else the token around `start`, if any. */
export function tokenAtRange(doc: vscode.TextDocument, start: number, end: number): Span | undefined {
  const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  if (start >= 0 && end > start && end <= length) {
    const text = doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
    const t = scan(text)[0];
    if (t && t.start === 0 && t.end === text.length) return { start, end };
  }
  return tokenAtPosition(doc, doc.positionAt(Math.min(Math.max(0, start), length)));
}

export function textOf(doc: vscode.TextDocument, s: Span): string {
  return doc.getText(new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)));
}
