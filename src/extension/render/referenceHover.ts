// The hover on a `{{name}}` reference of a request file whose value is a token: for each token it
// reaches, where the value is defined (a file variable and its line; an environment, its variable and
// file), then the token's own hover (renderHover). Pure; names from the files are escaped here.
import { escapeMarkdown, truncate } from './escape';
import type { HoverMarkdown } from './hover';
import type { L10n } from './l10n';

export type ReferenceSource =
  /** A file variable on 0-based `line`; `via`: the variables on the way, outermost first, ending with it. */
  | { kind: 'file'; line: number; via: readonly string[] }
  /** An environment's value, as the diagnostics name it (`environmentLabel`: `dev: {{token}} (http-client.env.json)`). */
  | { kind: 'environment'; label: string };

/** Most tokens one reference's hover shows (a name defined differently in many environments). */
export const MAX_REFERENCE_TOKENS = 5;

const esc = (s: string) => escapeMarkdown(s);
const ref = (name: string) => `\`{{${truncate(name, 80).replace(/`/g, "'")}}}\``;

/** Where a reference's value comes from, as one line. */
export function sourceLine(src: ReferenceSource, l10n: L10n): string {
  // The way there, outermost first: `@auth → @token`.
  if (src.kind === 'file') return l10n.t('Value from the file variable {0} (line {1})', src.via.map((n) => `@${esc(n)}`).join(' → '), src.line + 1);
  return l10n.t('Value from {0}', esc(src.label));
}

/** The hover: per token, `{{name}}` and where its value comes from, then the token's hover; at most MAX_REFERENCE_TOKENS. */
export function renderReferenceHover(name: string, items: ReadonlyArray<{ source: ReferenceSource; hover: HoverMarkdown }>, l10n: L10n): HoverMarkdown {
  const shown = items.slice(0, MAX_REFERENCE_TOKENS);
  const parts = shown.map(({ source, hover }) => `${ref(name)} — ${sourceLine(source, l10n)}\n\n${hover.markdown}`);
  if (items.length > shown.length) parts.push(l10n.t('(+{0} more)', items.length - shown.length));
  const enabledCommands = [...new Set(shown.flatMap((x) => x.hover.enabledCommands))];
  return { markdown: parts.join('\n\n---\n\n'), enabledCommands };
}
