// The string literals of the project's TypeScript sources, with the file each comes from: the tests
// that hold the user's words to one style (English wording, Japanese style) read them all this way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;

/** Every file under `dir`, at any depth. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? filesUnder(path.join(dir, n)) : [path.join(dir, n)]));
}

/** Each '…', "…" and `…` literal of src/**.ts, with its file relative to the project's root. */
export function sourceStringLiterals(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const file of filesUnder(path.join(ROOT, 'src')).filter((f) => f.endsWith('.ts'))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"/g)) {
      out.push({ where: path.relative(ROOT, file), text: m[1] ?? m[2] ?? m[3] ?? '' });
    }
  }
  return out;
}
