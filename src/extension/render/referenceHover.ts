// The hover on a `{{name}}` reference of a request file whose value is a token: for each token it
// reaches, where the value is defined (a file variable and its line; an environment, its variable and
// file), then the token's own hover (renderHover). Pure; names from the files are escaped here.
import { escapeMarkdown, truncate } from './escape';
import type { HoverMarkdown } from './hover';
import type { L10n } from './l10n';

export type ReferenceSource =
  /** A file variable `@variable = …` on 0-based `line`; `via`: the variables on the way, ending with it. */
  | { kind: 'file'; variable: string; line: number; via: readonly string[] }
  /** An environment's value: the variable as environments name it, the environments that define it (none for `.env`), the file's name. */
  | { kind: 'environment'; variable: string; environments: readonly string[]; file: string };

/** Most tokens one reference's hover shows (a name defined differently in many environments). */
export const MAX_REFERENCE_TOKENS = 5;

const esc = (s: string) => escapeMarkdown(s);
const ref = (name: string) => `\`{{${truncate(name, 80).replace(/`/g, "'")}}}\``;

/** Where a reference's value comes from, as one line. */
export function sourceLine(src: ReferenceSource, l10n: L10n): string {
  if (src.kind === 'file') {
    const through = src.via.slice(0, -1);
    return through.length
      ? l10n.t('Value from the file variable @{0} (line {1}), through {2}', esc(src.variable), src.line + 1, through.map((n) => `@${esc(n)}`).join(' → '))
      : l10n.t('Value from the file variable @{0} (line {1})', esc(src.variable), src.line + 1);
  }
  return src.environments.length
    ? l10n.t('Value from the environment {0}: {1} in {2}', src.environments.map(esc).join(', '), ref(src.variable), esc(src.file))
    : l10n.t('Value from {0} in {1}', ref(src.variable), esc(src.file));
}

/** The hover: per token, `{{name}}` and where its value comes from, then the token's hover; at most MAX_REFERENCE_TOKENS. */
export function renderReferenceHover(name: string, items: ReadonlyArray<{ source: ReferenceSource; hover: HoverMarkdown }>, l10n: L10n): HoverMarkdown {
  const shown = items.slice(0, MAX_REFERENCE_TOKENS);
  const parts = shown.map(({ source, hover }) => `${ref(name)} — ${sourceLine(source, l10n)}\n\n${hover.markdown}`);
  if (items.length > shown.length) parts.push(l10n.t('(+{0} more)', items.length - shown.length));
  const enabledCommands = [...new Set(shown.flatMap((x) => x.hover.enabledCommands))];
  return { markdown: parts.join('\n\n---\n\n'), enabledCommands };
}
