// Reading files for the CLI: text or a clear reason why not (binary, too large, unreadable).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export type ReadResult = { text: string; notes: string[] } | { error: string };

/** A NUL byte in the first 8 KB marks a binary file (as git does). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * The longest line's length when some line is longer than `min`, else 0 (for the "very long line"
 * note). It jumps `min` characters at a time to the last line break before there, so a file of short
 * lines costs a few searches, not one per line (a 32 MB HAR has 450,000 lines).
 */
export function longLine(text: string, min: number): number {
  let max = 0;
  let start = 0;
  while (start + min < text.length) {
    const nl = text.lastIndexOf('\n', start + min);
    if (nl >= start) {
      start = nl + 1;
      continue;
    }
    // No break in [start, start + min]: this line is longer than min.
    const end = text.indexOf('\n', start + min);
    max = Math.max(max, (end < 0 ? text.length : end) - start);
    if (end < 0) break;
    start = end + 1;
  }
  return max;
}

/** The refusal of a file of `size` bytes over `maxBytes`. */
function overLimit(size: number, maxBytes: number): ReadResult {
  return { error: `file is ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (raise it with --max-size)` };
}

export function bytesToText(bytes: Uint8Array, maxBytes: number): ReadResult {
  if (bytes.length > maxBytes) return overLimit(bytes.length, maxBytes);
  if (looksBinary(bytes)) return { error: 'binary file (contains NUL bytes); not scanned' };
  const notes: string[] = [];
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = lenientUtf8.decode(bytes);
    notes.push('not valid UTF-8: invalid bytes were replaced before scanning');
  }
  const longest = longLine(text, 10 * 1048576);
  if (longest > 0) notes.push(`has a single line of ${(longest / 1048576).toFixed(0)} MB; scanned in full`);
  return { text, notes };
}

/** An ArrayBuffer that can be resized (ES2024; on by default in Node 20's V8). */
type ResizableBuffer = ArrayBuffer & { resize(length: number): void };
const ResizableArrayBuffer = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ResizableBuffer;

/**
 * The text of a file of `size` bytes, read with one read into one buffer (`fs.readFile` reads a
 * 32 MB file in 512 KB pieces, one trip to the thread pool each: 55 ms where one read takes 6).
 * The buffer is resizable so that its memory is given back the moment the text is made: a plain
 * buffer lives until the garbage collector finds it, and the file's bytes and its text were the
 * CLI's peak memory together (issue 16: under 4x the file's size).
 */
async function readText(handle: fs.FileHandle, size: number, maxBytes: number): Promise<ReadResult> {
  const buffer = new ResizableArrayBuffer(size, { maxByteLength: size });
  // Gives the memory back (a runtime without resizable buffers made a plain one: the collector frees it).
  const release = () => {
    if (typeof buffer.resize === 'function') buffer.resize(0);
  };
  try {
    const bytes = new Uint8Array(buffer, 0, size);
    let length = 0;
    while (length < size) {
      // At the file's current position (null), not at an offset: a pipe (`<(cmd)`, /dev/stdin) cannot seek.
      const { bytesRead } = await handle.read(bytes, length, size - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length === size) {
      // More than was measured (a file that grew, a pipe, /proc, whose size reads as 0): read the rest,
      // as fs.readFile does (then refused by its length if over).
      const rest = await handle.readFile();
      if (rest.length > 0) {
        const all = Buffer.concat([bytes.subarray(0, length), rest]);
        release();
        return bytesToText(all, maxBytes);
      }
    }
    return bytesToText(bytes.subarray(0, length), maxBytes);
  } finally {
    release();
  }
}

export async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) return { error: 'is a directory' };
    // Judged by its size alone: the file is neither read nor held (it may be gigabytes).
    if (st.size > maxBytes) return overLimit(st.size, maxBytes);
    const handle = await fs.open(file, 'r');
    try {
      return await readText(handle, st.size, maxBytes);
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'no such file' };
    if (code === 'EACCES' || code === 'EPERM') return { error: 'permission denied' };
    return { error: `cannot read: ${code ?? (e as Error).message}` };
  }
}

export interface WalkOptions {
  /** The workspace folder: `exclude` globs are relative to it, and its .gitignore files apply. */
  cwd?: string;
  /** Glob patterns (jwtMfa.exclude) for files and folders to leave alone, as in VS Code. */
  exclude?: readonly string[];
}

interface GitIgnore {
  base: string;
  rules: Ignore;
}

async function readGitIgnore(dir: string): Promise<GitIgnore | undefined> {
  try {
    return { base: dir, rules: ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

const slash = (p: string) => p.split(path.sep).join('/');

/**
 * Files under `root`, recursively, in a stable order, skipping VCS and node_modules folders, what
 * the .gitignore files (of `cwd` down to each folder) ignore, and the `exclude` globs. Matching is
 * the `ignore` package's (git's rules) and picomatch's (the globs), not ours.
 */
export async function walk(root: string, options: WalkOptions = {}): Promise<string[]> {
  const cwd = path.resolve(options.cwd ?? root);
  const excluded = options.exclude?.length ? picomatch([...options.exclude], { dot: true }) : () => false;
  const out: string[] = [];
  const isIgnored = (p: string, dir: boolean, gitignores: GitIgnore[]) => {
    const fromCwd = slash(path.relative(cwd, p));
    if (fromCwd && !fromCwd.startsWith('..') && (excluded(fromCwd) || (dir && excluded(`${fromCwd}/`)))) return true;
    return gitignores.some((g) => {
      const rel = slash(path.relative(g.base, p));
      return rel !== '' && !rel.startsWith('..') && g.rules.ignores(dir ? `${rel}/` : rel);
    });
  };
  const visit = async (dir: string, inherited: GitIgnore[]) => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const own = await readGitIgnore(dir);
    const gitignores = own ? [...inherited, own] : inherited;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !isIgnored(p, true, gitignores)) await visit(p, gitignores);
      } else if (e.isFile() && !isIgnored(p, false, gitignores)) out.push(p);
    }
  };
  // The .gitignore files of the folders between the workspace and the walked root apply too.
  const above: GitIgnore[] = [];
  const start = path.resolve(root);
  const rel = path.relative(cwd, start);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    let d = cwd;
    for (const part of rel.split(path.sep).slice(0, -1)) {
      const g = await readGitIgnore(d);
      if (g) above.push(g);
      d = path.join(d, part);
    }
    const g = await readGitIgnore(d);
    if (g) above.push(g);
  }
  await visit(start, above);
  return out;
}
