// `npm run install-vsix`: packages the extension and installs it into a desktop VS Code through its
// `code` CLI (or code-insiders / codium), when one is on PATH; otherwise says what to do instead.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.join(ROOT, 'out', 'jwt-mfa-inspector.vsix');

const cli = ['code', 'code-insiders', 'codium'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0);
if (!cli) {
  console.log('[install-vsix] no desktop VS Code CLI (code, code-insiders, codium) on PATH.');
  console.log('[install-vsix] Install VS Code and run "Shell Command: Install \'code\' command in PATH", or build the');
  console.log(`[install-vsix] package with  npm run package  and use "Extensions: Install from VSIX..." on ${path.relative(process.cwd(), VSIX)}.`);
  process.exit(0);
}
const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'inherit', env: cleanEnv() });
if (pack.status !== 0) process.exit(pack.status ?? 1);
console.log(`[install-vsix] ${cli} --install-extension ${VSIX} --force`);
const r = spawnSync(cli, ['--install-extension', VSIX, '--force'], { stdio: 'inherit', timeout: 120_000 });
process.exit(r.status ?? 1);
