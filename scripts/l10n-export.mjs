// `npm run l10n`: extracts the extension face's strings into l10n/bundle.l10n.json with @vscode/l10n-dev.
// l10n-dev reads `l10n.t('…')` only in files that import `l10n` from 'vscode'. The pure renderers
// (src/extension/render, inspector/labelText) take an `l10n` parameter instead, to stay free of
// vscode; they are handed to the extractor with that import line prepended, so the tool still parses
// every string itself.
import { getL10nJson } from '@vscode/l10n-dev';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMPORTS_VSCODE = /from ['"]vscode['"]/;

function tsFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The English bundle: message -> message, sorted. */
export async function extract() {
  const files = tsFiles(path.join(ROOT, 'src', 'extension')).map((f) => {
    const contents = readFileSync(f, 'utf8');
    return { extension: '.ts', contents: IMPORTS_VSCODE.test(contents) ? contents : `import { l10n } from 'vscode';\n${contents}` };
  });
  const json = await getL10nJson(files);
  return Object.fromEntries(Object.keys(json).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).map((k) => [k, json[k]]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = await extract();
  writeFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} strings`);
}
