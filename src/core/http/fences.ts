// Markdown code fences marked ```http or ```rest hold requests: REST Client sends them from a Markdown
// document. Each fence is read as a request file of its own (its variables and requests stay inside
// it), by every face that reads requests in Markdown: the token sites and the tokens made when sent.
import { splitLines, type Line } from './lines';

/** The inside of one ```http / ```rest fence: offsets [start, end) of its lines and its first line. */
export interface HttpFence {
  start: number;
  end: number;
  /** 0-based document line of the fence's first line inside. */
  line: number;
}

/** Every non-empty ```http / ```rest fence of a Markdown text, in order. An unclosed fence runs to the end. Linear. */
export function httpFences(text: string, lines: readonly Line[] = splitLines(text)): HttpFence[] {
  const out: HttpFence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text.trim().toLowerCase();
    if (t !== '```http' && t !== '```rest') continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].text.trim().startsWith('```')) j++;
    if (j > i + 1) out.push({ start: lines[i + 1].start, end: lines[j - 1].end, line: i + 1 });
    i = j;
  }
  return out;
}
