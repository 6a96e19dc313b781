// UI end-to-end: a user puts the cursor on a token in a real VS Code, runs "JWT: Open Inspector", reads
// the panel (the webview's real DOM), reloads the window in the light theme (the panel is revived by
// its serializer from the saved document + range), and screenshots both themes for the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { log, openVSCode, THEMES } from './helpers.mjs';

let vs;
before(async () => {
  vs = await openVSCode({ theme: 'dark' });
});
after(async () => {
  await vs?.close();
});


/** The inspector's whole text once its verdict cards show `expect`. */
const panelText = (expect, timeoutMs = 30_000) => vs.inspector.textWhen('.cards', expect, { timeoutMs, read: 'body' });

test('opens the inspector on the token under the cursor (dark)', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await vs.workbench.closeSideBar();
  await vs.runCommand('JWT: Open Inspector');
  const text = await panelText(/Not compliant/);
  log('inspector:', JSON.stringify(text.slice(0, 400)));
  assert.match(text, /MFA\s+Not compliant/i);
  assert.match(text, /amr is "pwd" without "mfa"/);
  assert.match(text, /Verify signature/);
  assert.match(text, /Remedy/);
  // The live countdown speaks core's one duration formatter: "expires in 73 years", not "26693 d 22 h".
  assert.match(text, /Valid, expires in \d+ years/);
  await vs.screenshot('inspector-dark.jpg');
});

test('Verify, offline: the signature card says why it could not check, and nothing else breaks', async () => {
  // The fixture's issuer is Entra (sts.windows.net): discovery needs login.microsoftonline.com, which
  // this machine cannot reach. The card must say so plainly, within the timeout.
  await vs.inspector.frame.getByRole('button', { name: 'Verify signature' }).click();
  const card = await vs.inspector.textWhen('[data-card="signature"]', /Signature not verified|Signature verified|Signature invalid/);
  log('signature card:', JSON.stringify(card));
  assert.match(card, /Signature not verified/);
  assert.match(card, /offline|resolve|reach|refused|did not answer/i);
});

test('follows the cursor, and keeps its token while pinned (the pin works from the keyboard)', async () => {
  const { frame } = vs.inspector;
  await vs.clickIn('app     Authorization: Bearer', 'eyJ0eXAi');
  await panelText(/Not applicable/);
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await panelText(/Not compliant/);
  const pin = frame.getByRole('button', { name: 'Pin this token' });
  await pin.focus();
  await vs.page.keyboard.press('Space');
  await frame.getByRole('button', { name: 'Unpin (follow the cursor)' }).waitFor({ timeout: 10_000 });
  assert.equal(await frame.getByRole('button', { name: 'Unpin (follow the cursor)' }).getAttribute('aria-pressed'), 'true');
  await vs.clickIn('app     Authorization: Bearer', 'eyJ0eXAi');
  await vs.page.waitForTimeout(1000);
  assert.match(await vs.webviewText('.cards'), /Not compliant/, 'a pinned panel keeps its token');
  await frame.getByRole('button', { name: 'Unpin (follow the cursor)' }).click();
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await vs.clickIn('app     Authorization: Bearer', 'eyJ0eXAi');
  await panelText(/Not applicable/);
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await panelText(/Not compliant/);
});

test('a new token opens at the top of the panel, not at the old scroll position (14.5)', async () => {
  const body = vs.inspector.frame.locator('body');
  await body.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok((await body.evaluate(() => window.scrollY)) > 0, 'the panel scrolled down');
  await vs.clickIn('app     Authorization: Bearer', 'eyJ0eXAi');
  await panelText(/Not applicable/);
  assert.equal(await body.evaluate(() => window.scrollY), 0, 'the verdicts are on screen');
});

test('Compare Tokens: typing a filter picks the first matching token, not the paste box (14.4)', async () => {
  await vs.runCommand('JWT: Compare Tokens');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill('tokens.log:2');
  await vs.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'tokens.log:2' }).waitFor({ timeout: 10_000 });
  await vs.page.keyboard.press('Enter');
  // The second pick, not "Paste a token (with or without Bearer…)".
  await vs.page.locator('.quick-input-widget input[placeholder*="Second token"]').waitFor({ timeout: 10_000 });
  await input.fill('tokens.log:1');
  await vs.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'tokens.log:1' }).waitFor({ timeout: 10_000 });
  await vs.page.keyboard.press('Enter');
  const text = await vs.inspector.textWhen('body', [/tokens\.log:2/, /tokens\.log:1/]);
  log('compare:', JSON.stringify(text.slice(0, 300)));
  const first = await vs.inspector.frame.locator('table.compare tbody tr').first().getAttribute('class');
  assert.equal(first, 'diff', 'the differences come first');
  assert.equal(await vs.inspector.frame.locator('body').evaluate(() => window.scrollY), 0, 'it opens at the differences');
  // Not a README image: kept beside the run for a look.
  await vs.page.screenshot({ path: path.join(os.tmpdir(), 'jwt-mfa-compare.jpg'), type: 'jpeg', quality: 70 });
  // Back to a token, as the next test (a reload revives a token panel) expects.
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await vs.runCommand('JWT: Open Inspector');
  await panelText(/Not compliant/);
});

/**
 * Switches the theme through "Developer: Reload Window": an orderly shutdown saves the open editors
 * (and the panel's state) before the reload, which a bare page reload may not.
 */
async function reloadInTheme(theme) {
  const file = path.join(vs.dirs.ud, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings['workbench.colorTheme'] = `Default ${THEMES[theme]}`;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  await vs.runCommand('Developer: Reload Window');
  await vs.page.waitForLoadState('load');
  await vs.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
  await vs.waitTheme(theme, 60_000);
}

test('the panel comes back after a reload, in the light theme', async () => {
  await reloadInTheme('light');
  const text = await panelText(/Not compliant/, 60_000);
  assert.match(text, /amr is "pwd" without "mfa"/);
  await vs.screenshot('inspector-light.jpg');
});
