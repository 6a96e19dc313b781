// The translation function the renderers take, so they stay free of `vscode`: the extension passes
// `vscode.l10n.t`, tests pass `format` (English, `{0}` placeholders filled in).

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`… like `vscode.l10n.t` does when no translation exists. */
export const format: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => {
    const v = args[Number(i)];
    return v === undefined ? m : String(v);
  });
