// Which request of a .http file the cursor means: any line of a request's block, from its `###`
// separator (and the comments above the request line) to the end of its saved response.
import { exchangeAtLine, type Exchange } from './exchange';

/** 0-based lines that separate requests (`###`, optionally followed by a name). */
function separatorLines(text: string): number[] {
  const out: number[] = [];
  let line = 0;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (/^[ \t]*###/.test(text.slice(at, Math.min(end, at + 64)))) out.push(line);
    if (nl < 0) break;
    at = nl + 1;
    line++;
  }
  return out;
}

/**
 * The exchange whose block holds `line`: in the block between the separators around the line, the
 * last request at or above the line, else the block's first (the cursor is on its separator or
 * leading comment). Without separators, the last request at or above the line, else the first.
 */
export function exchangeInBlock(text: string, exchanges: readonly Exchange[], line: number): Exchange | undefined {
  const seps = separatorLines(text);
  let from = -1;
  let to = Infinity;
  for (const s of seps) {
    if (s <= line) from = s;
    else {
      to = s;
      break;
    }
  }
  const inBlock = exchanges.filter((x) => x.line >= from && x.line < to);
  if (!inBlock.length) return exchangeAtLine(exchanges, line);
  return exchangeAtLine(inBlock, line) ?? inBlock[0];
}
