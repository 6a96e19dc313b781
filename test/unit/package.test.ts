// The npm package is the CLI: `npm pack` builds dist/ (prepack) and ships what `jwt-mfa` needs, and no
// source, test, fixture or key; `npx --package <tarball> jwt-mfa` runs from it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment without an outer `npm run`'s npm_* state, which would steer the nested npm. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

describe('npm package (the CLI)', function () {
  this.timeout(180_000);
  let dir: string;
  let files: string[];
  let tarball: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-pack-'));
    // prepack prints the build to stderr, so stdout is only the JSON report.
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [report] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = report.files.map((f) => f.path).sort();
    tarball = path.join(dir, report.filename);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the built CLI and the package documents, nothing else', () => {
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    assert.equal(pkg.bin['jwt-mfa'].replace(/^\.\//, ''), 'dist/cli.js', 'the bin is in the tarball');
    for (const f of files) {
      assert.doesNotMatch(f, /^(src|test|scripts|bench|samples|out|node_modules)\/|fixture|\.pem$|\.key$|\.map$/, `${f} must not ship`);
    }
  });

  it('runs through npx: --version, --help and a command --help exit 0', () => {
    const run = (...args: string[]) =>
      execFileSync(npx, ['--yes', '--package', tarball, 'jwt-mfa', ...args], { cwd: dir, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(run('--version').trim(), `jwt-mfa ${pkg.version}`);
    assert.match(run('--help'), /jwt-mfa scan <file\|dir\|->/);
    assert.match(run('scan', '--help'), /--format text\|json\|sarif/);
  });
});
