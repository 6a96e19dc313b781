// Positions for the CLI's reports, without a table of line starts.
import type { Position } from '../core/positions';

/**
 * Offsets to (line, character) in UTF-16 code units with VS Code's line breaks (\r\n, \n, \r), as
 * `LineIndex` gives them, for offsets asked in ascending order (a scan's tokens): it walks forward
 * from the last offset asked, so it keeps no table of line starts (on a 32 MB HAR of 450,000 lines
 * that table and its growth cost 14 MB of the CLI's peak memory). An offset before the last one
 * starts the walk again from the top, so any order is right, only slower.
 */
export class ForwardPositions {
  private line = 0;
  private lineStart = 0;
  private last = 0;
  /** The next line break at or after `lineStart`: where it starts and where the next line starts (-1: none). */
  private breakAt = -1;
  private breakEnd = -1;
  /** The next \n and \r at or after where the last break was looked for (-1: none left): each only moves forward, so the walk is linear. */
  private nextLf = -2;
  private nextCr = -2;

  constructor(private readonly text: string) {
    this.findBreak(0);
  }

  private findBreak(from: number): void {
    const s = this.text;
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = s.indexOf('\n', from);
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = s.indexOf('\r', from);
    const n = this.nextLf;
    const r = this.nextCr;
    if (r !== -1 && (n === -1 || r < n)) {
      this.breakAt = r;
      this.breakEnd = s.charCodeAt(r + 1) === 10 ? r + 2 : r + 1;
    } else {
      this.breakAt = n;
      this.breakEnd = n + 1;
    }
  }

  positionAt(offset: number): Position {
    if (offset < this.last) {
      this.line = 0;
      this.lineStart = 0;
      this.nextLf = -2;
      this.nextCr = -2;
      this.findBreak(0);
    }
    this.last = offset;
    // A line starts after each break that ends at or before the offset (inside \r\n is still the line before).
    while (this.breakAt !== -1 && this.breakEnd <= offset) {
      this.line++;
      this.lineStart = this.breakEnd;
      this.findBreak(this.breakEnd);
    }
    return { line: this.line, character: offset - this.lineStart };
  }
}
