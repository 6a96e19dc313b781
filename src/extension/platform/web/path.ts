// The web build's `node:path` (esbuild.config.mjs): the POSIX functions the shared code uses
// (src/node/keys.ts, src/node/replay.ts, src/extension/replay/replay.ts), written out because
// path-browserify, the whole module, took 4 KB of the web bundle's 250 KB (issue 19) for them.
// test/unit/webPath.test.ts holds each to node:path.posix on random paths.
import { process } from './process';

/** Segments with `.` and `..` resolved; `..` above the start kept only for relative paths. */
function segments(p: string, relative: boolean): string[] {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s !== '..') out.push(s);
    else if (out.length && out[out.length - 1] !== '..') out.pop();
    else if (relative) out.push('..');
  }
  return out;
}

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

function normalize(p: string): string {
  if (!p) return '.';
  const abs = isAbsolute(p);
  let s = segments(p, !abs).join('/');
  if (!s && !abs) s = '.';
  if (s && p.endsWith('/')) s += '/';
  return (abs ? '/' : '') + s;
}

export function join(...parts: string[]): string {
  const given = parts.filter((p) => p);
  return given.length ? normalize(given.join('/')) : '.';
}

export function resolve(...parts: string[]): string {
  let joined = '';
  let abs = false;
  for (let i = parts.length - 1; i >= -1 && !abs; i--) {
    const p = i >= 0 ? parts[i] : process.cwd();
    if (!p) continue;
    joined = `${p}/${joined}`;
    abs = isAbsolute(p);
  }
  const s = segments(joined, !abs).join('/');
  return abs ? `/${s}` : s || '.';
}

export function dirname(p: string): string {
  // Trailing slashes go (not a leading one); a path that begins with exactly `//` keeps it, as Node does.
  const s = p.slice(0, 1) + p.slice(1).replace(/\/+$/, '');
  const i = s.lastIndexOf('/');
  const root = s[0] === '/';
  return i < 1 ? (root ? '/' : '.') : i === 1 && root ? '//' : s.slice(0, i);
}

export function relative(from: string, to: string): string {
  const a = segments(resolve(from), false);
  const b = segments(resolve(to), false);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function basename(p: string): string {
  const s = p.replace(/\/+$/, '');
  return s.slice(s.lastIndexOf('/') + 1);
}

export const sep = '/';
export const posix = { isAbsolute, join, resolve, dirname, relative, basename, sep };
export default { ...posix, posix };
