// What a `{{name}}` reference in a request file stands for when it comes to a token, for the hover on
// the reference: the tokens written in the file variables it reaches (REST Client's precedence: the
// file's variable over an environment's, the last definition of a name), and the names the file does
// not define, left to the environments (`token`, `$dotenv TOKEN`, `$shared x`), whose tokens the editor
// looks up by variable name. Pure; never throws (the parser and the scanner never do).
import { scan } from '../scan';
import { parseHttpFile, references, unescapedName, type FileVariable } from './httpFile';

/** A `{{…}}` reference: its name as written inside the braces (trimmed), its document offsets [start, end). */
export interface ReferenceAt {
  name: string;
  start: number;
  end: number;
}

/** A token written in a file variable that a reference reaches. */
export interface FileVariableToken {
  /** The variable whose value holds the token. */
  variable: string;
  /** 0-based line of its definition. */
  line: number;
  /** Document offsets of the token. */
  start: number;
  end: number;
  /** The variables on the way, outermost first, ending with `variable`. */
  via: string[];
}

export interface ReferenceTokens {
  reference: ReferenceAt;
  fileTokens: FileVariableToken[];
  /** Names the reference reaches that the file does not define, as environments name them (`token`, `$dotenv TOKEN`). */
  outside: string[];
}

const MAX_DEPTH = 16;

/** The `{{…}}` reference at `offset` (on it, braces included), read from its line alone. */
export function referenceAt(text: string, offset: number): ReferenceAt | undefined {
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  for (const r of references(text.slice(from, nl < 0 ? text.length : nl))) {
    if (from + r.open <= offset && offset < from + r.end) return r.name ? { name: r.name, start: from + r.open, end: from + r.end } : undefined;
  }
  return undefined;
}

/** How environments name a variable a reference uses, or undefined for a system variable (`$guid`, `$aadToken`…). */
function outsideName(name: string): string | undefined {
  const m = /^\$(dotenv|shared)\s+(\S+)\s*$/.exec(name);
  if (m) return m[1] === 'dotenv' ? `$dotenv ${m[2]}` : m[2];
  return name.startsWith('$') ? undefined : name;
}

/** What the reference at `offset` of a request file reaches: tokens in its file variables, and names left to environments. */
export function referenceTokensAt(text: string, offset: number): ReferenceTokens | undefined {
  const reference = referenceAt(text, offset);
  if (!reference) return undefined;
  const vars = new Map<string, FileVariable>();
  for (const v of parseHttpFile(text).variables) vars.set(v.name, v); // the last definition wins, as when resolving
  const fileTokens: FileVariableToken[] = [];
  const outside: string[] = [];
  const walk = (raw: string, via: string[], depth: number) => {
    const name = unescapedName(raw);
    const v = vars.get(name);
    if (!v) {
      const o = outsideName(name);
      if (o && !outside.includes(o)) outside.push(o);
      return;
    }
    if (via.includes(name) || depth > MAX_DEPTH) return; // a cycle, or too deep
    const here = [...via, name];
    for (const t of scan(v.raw)) fileTokens.push({ variable: name, line: v.line, start: v.valueStart + t.start, end: v.valueStart + t.end, via: here });
    for (const r of references(v.raw)) if (r.name) walk(r.name, here, depth + 1);
  };
  walk(reference.name, [], 0);
  return { reference, fileTokens, outside };
}
