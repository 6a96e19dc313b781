// The build keeps the layers: `npm run lint` (run before every build and in `npm test`) rejects an
// import of vscode or Node in core, and of vscode in the webview. Linted as text at a path in each layer.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layers (eslint.config.mjs)', () => {
  it('core may not import vscode, node:* or a Node module by its bare name', async () => {
    assert.match((await restricted('src/core/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).join('\n'), /no-restricted-imports.*no vscode API/);
    assert.match((await restricted('src/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).join('\n'), /no-restricted-imports.*no Node module/);
    assert.match((await restricted('src/core/http/x.ts', "import * as p from 'path';\nexport const r = p;\n")).join('\n'), /no-restricted-imports.*no Node module/);
  });

  it('core may not import a face or the Node layer', async () => {
    assert.match((await restricted('src/core/x.ts', "import { x } from '../node/files';\nexport const r = x;\n")).join('\n'), /never up or across/);
    assert.match((await restricted('src/core/http/x.ts', "import { x } from '../../extension/locate';\nexport const r = x;\n")).join('\n'), /never up or across/);
  });

  it('core may import core and its libraries', async () => {
    assert.deepEqual(await restricted('src/core/x.ts', "import { decodeJwt } from 'jose';\nimport { scan } from './scan';\nimport { readHar } from './http/har';\nexport const r = [decodeJwt, scan, readHar];\n"), []);
  });

  it('the webview may not import vscode or Node; the CLI and the Node layer may not import vscode', async () => {
    assert.match((await restricted('src/webview/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).join('\n'), /no vscode API/);
    assert.match((await restricted('src/webview/x.ts', "import * as fs from 'node:fs';\nexport const v = fs;\n")).join('\n'), /no Node module/);
    assert.match((await restricted('src/cli/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).join('\n'), /no vscode API/);
    assert.match((await restricted('src/node/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).join('\n'), /no vscode API/);
    assert.deepEqual(await restricted('src/node/x.ts', "import * as fs from 'node:fs';\nexport const v = fs;\n"), []);
  });

  it('a feature registers into the store extension.ts gives it: no context.subscriptions, no ad-hoc { dispose }', async () => {
    const push = "import type * as vscode from 'vscode';\nexport function f(context: vscode.ExtensionContext, d: vscode.Disposable): void {\n  context.subscriptions.push(d);\n}\n";
    assert.match((await restricted('src/extension/x.ts', push)).join('\n'), /no-restricted-syntax.*not context\.subscriptions/);
    assert.match((await restricted('src/extension/replay/x.ts', 'export const d = { dispose: () => undefined };\n')).join('\n'), /no-restricted-syntax.*ad-hoc \{ dispose \}/);
    assert.match((await restricted('src/extension/x.ts', 'export const d = { dispose() {} };\n')).join('\n'), /ad-hoc \{ dispose \}/);
    const ok = "import type { DisposableStore } from './lifecycle';\nimport { toDisposable } from './lifecycle';\nexport function f(store: DisposableStore): void {\n  store.add(toDisposable(() => undefined));\n}\n";
    assert.deepEqual(await restricted('src/extension/x.ts', ok), []);
    // extension.ts owns the store, and hands it to context.subscriptions.
    assert.deepEqual(await restricted('src/extension/extension.ts', push), []);
  });
});
