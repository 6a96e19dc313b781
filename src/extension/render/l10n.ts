// What the renderers translate through, so they stay free of `vscode`: the extension passes
// `vscode.l10n`, tests pass `english`. Call sites read `l10n.t('…')`, the form @vscode/l10n-dev
// extracts into l10n/bundle.l10n.json.
import type { Locale } from '../../core/types';

export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
  /** The display language, for the words core formats itself (durations); English when absent. */
  locale?: Locale;
}

/** Fills `{0}`, `{1}`… like `vscode.l10n.t` does when no translation exists. */
export function format(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (m, i: string) => {
    const v = args[Number(i)];
    return v === undefined ? m : String(v);
  });
}

/** English, placeholders filled. */
export const english: L10n = { t: format };
