// What users install is what is tested: the packaged .vsix (npm run package) goes into code-server with
// --install-extension, and the extension must activate there and report the fixture's tokens.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { log, openVSCode, VSIX } from './helpers.mjs';

let vs;
before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} exists (npm run package)`);
  vs = await openVSCode({ mode: 'code-server', vsix: VSIX, theme: 'dark' });
});
after(async () => {
  await vs?.close();
});

test('code-server --install-extension unpacks the .vsix into the extensions folder', () => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const dir = path.join(vs.dirs.ext, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  assert.ok(fs.existsSync(path.join(dir, 'dist', 'extension.js')), `${dir}/dist/extension.js`);
  // Every file the bundle loads by path is packaged beside it: what it requires (signature verification,
  // dist/keys.js) and the HAR reader's worker.
  const bundle = fs.readFileSync(path.join(dir, 'dist', 'extension.js'), 'utf8');
  const local = [...new Set([...bundle.matchAll(/require\("(\.\/[^"]+)"\)/g)].map((m) => m[1]))];
  assert.ok(local.includes('./keys.js'), local.join(', '));
  assert.ok(bundle.includes('"harWorker.js"'), 'the bundle starts dist/harWorker.js');
  local.push('./harWorker.js');
  for (const f of local) assert.ok(fs.existsSync(path.join(dir, 'dist', f)), `dist/${f.slice(2)} is in the .vsix`);
  // Nothing that must not ship: sources, tests, the stand-in and its key.
  for (const p of ['src', 'test', 'node_modules', 'scripts']) assert.ok(!fs.existsSync(path.join(dir, p)), `${p}/ is not in the .vsix`);
  // The details page (and the Marketplace) load the packaged README's images from the repository vsce
  // rewrote them to: every one points there, at a file the repository holds.
  const readme = fs.readFileSync(path.join(dir, 'readme.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 5, `README shows screenshots (${images.length})`);
  const raw = `${pkg.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;
  for (const img of images) {
    assert.ok(img.startsWith(raw), `${img} points into ${raw}`);
    assert.ok(fs.existsSync(new URL(`../../${img.slice(raw.length)}`, import.meta.url)), `${img} exists in the repository`);
  }
  assert.ok(fs.existsSync(path.join(dir, pkg.icon)), `the icon ${pkg.icon} is in the .vsix`);
  // The walkthrough works from the package alone: every step's media, the sample and the recorded 401.
  // (media paths are %keys%: English and Japanese step texts)
  const nls = ['package.nls.json', 'package.nls.ja.json'].map((f) => JSON.parse(fs.readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')));
  const resolve = (v) => (/^%.+%$/.test(v) ? nls.map((n) => n[v.slice(1, -1)]) : [v]);
  const files = pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => Object.values(s.media).flatMap(resolve)));
  files.push('media/walkthrough/sample-token.http', 'media/walkthrough/recorded-401.har');
  assert.ok(files.length >= 10 && files.every(Boolean), files.join(', '));
  for (const f of files) assert.ok(fs.existsSync(path.join(dir, f)), `${f} is in the .vsix`);
});

test('the installed extension activates and reports the tokens of a log', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  const rows = await vs.problems({ atLeast: 5, match: /JWT MFA Inspector/, timeoutMs: 60_000 });
  const ours = rows.filter((r) => /JWT MFA Inspector/.test(r));
  log('problems (vsix):', ours.length);
  assert.equal(ours.length, 5, JSON.stringify(rows));
  assert.ok(ours.some((r) => /mfa-missing/.test(r) && /\[Ln 2, Col 58\]/.test(r)));
});
