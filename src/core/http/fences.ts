// Markdown code fences marked ```http or ```rest hold requests: REST Client sends them from a Markdown
// document. Each fence is read as a request file of its own (its variables and requests stay inside
// it), by every face that reads requests in Markdown: the token sites, the tokens made when sent, the
// CodeLens above fenced requests and Replay & diagnose from a fence.
import { splitLines, type Line } from './lines';

/** The inside of one ```http / ```rest fence: offsets [start, end) of its lines and its first line. */
export interface HttpFence {
  start: number;
  end: number;
  /** 0-based document line of the fence's first line inside. */
  line: number;
  /** 0-based document line of its last line inside. */
  lastLine: number;
}

/** Every non-empty ```http / ```rest fence of a Markdown text, in order. An unclosed fence runs to the end. Linear. */
export function httpFences(text: string, lines: readonly Line[] = splitLines(text)): HttpFence[] {
  const out: HttpFence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim().toLowerCase();
    if (t !== '```http' && t !== '```rest') continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].text.trim().startsWith('```')) j++;
    if (j > i + 1) out.push({ start: lines[i + 1].start, end: lines[j - 1].end, line: i + 1, lastLine: j - 1 });
    i = j;
  }
  return out;
}

/** The fence (of `fences`, in order) whose [from, to] holds `x`: binary search. */
function bisect(fences: readonly HttpFence[], x: number, from: (f: HttpFence) => number, to: (f: HttpFence) => number): HttpFence | undefined {
  let lo = 0;
  let hi = fences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < from(fences[mid])) hi = mid - 1;
    else if (x > to(fences[mid])) lo = mid + 1;
    else return fences[mid];
  }
  return undefined;
}

/** The fence whose inside holds `offset` (its end included: a cursor at the end of its last line). */
export function fenceAtOffset(fences: readonly HttpFence[], offset: number): HttpFence | undefined {
  return bisect(fences, offset, (f) => f.start, (f) => f.end);
}

/** True when document line `line` lies inside one of `fences` (in order). */
export function isFencedLine(fences: readonly HttpFence[], line: number): boolean {
  return bisect(fences, line, (f) => f.line, (f) => f.lastLine) !== undefined;
}
