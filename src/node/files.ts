// Reading files for the CLI: text or a clear reason why not (binary, too large, unreadable).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

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

/** Longest line length, for the "very long line" note. */
function longestLine(text: string): number {
  let max = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > max) max = end - start;
    if (nl < 0) return max;
    start = nl + 1;
  }
}

export function bytesToText(bytes: Uint8Array, maxBytes: number): ReadResult {
  if (bytes.length > maxBytes) {
    return { error: `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (raise it with --max-size)` };
  }
  if (looksBinary(bytes)) return { error: 'binary file (contains NUL bytes); not scanned' };
  const notes: string[] = [];
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = lenientUtf8.decode(bytes);
    notes.push('not valid UTF-8: invalid bytes were replaced before scanning');
  }
  const longest = longestLine(text);
  if (longest > 10 * 1048576) notes.push(`has a single line of ${(longest / 1048576).toFixed(0)} MB; scanned in full`);
  return { text, notes };
}

export async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) return { error: 'is a directory' };
    if (st.size > maxBytes) return bytesToText(new Uint8Array(st.size), maxBytes);
    return bytesToText(await fs.readFile(file), maxBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: 'no such file' };
    if (code === 'EACCES' || code === 'EPERM') return { error: 'permission denied' };
    return { error: `cannot read: ${code ?? (e as Error).message}` };
  }
}

/** Files under `root`, recursively, skipping VCS and node_modules folders, in a stable order. */
export async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string) => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await visit(p);
      } else if (e.isFile()) out.push(p);
    }
  };
  await visit(root);
  return out;
}
