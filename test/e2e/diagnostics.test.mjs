// UI end-to-end: a user opens a log with tokens in a real VS Code, hovers a token, opens the Problems panel, in dark and light themes; screenshots go to docs/images/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { log, openVSCode } from './helpers.mjs';
import { until } from './parts.mjs';

let vs;
before(async () => {
  vs = await openVSCode({ theme: 'dark' });
});
after(async () => {
  await vs?.close();
});

test('opens a sample log with tokens', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
});

for (const theme of ['dark', 'light']) {
  test(`hovering a token without mfa shows our diagnostic (${theme})`, async () => {
    if (theme !== 'dark') await vs.setTheme(theme);
    await vs.openFile('tokens.log', 'Authorization: Bearer');
    const text = await vs.hover('no-mfa  Authorization: Bearer', 'eyJ0eXAi', /mfa-missing/);
    log('hover:', JSON.stringify(text.slice(0, 240)));
    assert.match(text, /amr is "pwd" without "mfa": Partner Center answers 401 "MFA required" to this App\+User token\./);
    assert.match(text, /JWT MFA Inspector\s*\(?mfa-missing\)?/);
    await vs.screenshot(`hover-${theme}.jpg`);
    await vs.page.keyboard.press('Escape');
  });

  test(`the Problems panel lists our findings with codes (${theme})`, async () => {
    const rows = await vs.problems({ atLeast: 5, match: /JWT MFA Inspector/ });
    log('problems:', JSON.stringify(rows));
    const ours = rows.filter((r) => /JWT MFA Inspector/.test(r));
    const codes = ours.map((r) => /JWT MFA Inspector\s*\(?([a-z-]+)\)?/.exec(r)?.[1]).sort();
    assert.deepEqual(codes, ['app-only', 'audience-mismatch', 'expired', 'mfa-missing', 'mfa-missing']);
    // Where each is: line 2, column 58 for the no-mfa token (1-based in the panel).
    assert.ok(
      ours.some((r) => /amr is "pwd" without "mfa"/.test(r) && /\[Ln 2, Col 58\]/.test(r)),
      `no-mfa finding at Ln 2, Col 58 in ${JSON.stringify(ours)}`,
    );
    assert.ok(ours.some((r) => /expired/.test(r) && /\[Ln 4, Col 58\]/.test(r)));
    await vs.screenshot(`problems-${theme}.jpg`);
  });
}

test('a code link in Problems opens that code\'s section, rendered, and the next link reuses its tab (14.6)', async () => {
  const { page } = vs;
  await vs.problems({ atLeast: 5, match: /JWT MFA Inspector/ });
  const codeTabs = page.locator('.tabs-container .tab', { hasText: 'JWT code:' });
  for (const code of ['mfa-missing', 'expired', 'mfa-missing']) {
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'JWT MFA Inspector' }).filter({ hasText: code }).first();
    // The code's own link in the row (the Problems panel renders a code with a target as a link).
    const link = row.locator('a.monaco-link', { hasText: code }).first();
    if (!(await link.isVisible())) await vs.problems({ atLeast: 5, match: /JWT MFA Inspector/ });
    await link.click();
    await page.locator('.tabs-container .tab', { hasText: `JWT code: ${code}` }).waitFor({ timeout: 30_000 });
    assert.equal(await codeTabs.count(), 1, 'one tab for the codes, reused');
    // Rendered: the section's heading is a heading element, its text is the code; no raw Markdown.
    const text = await vs.inspector.textWhen('#code-doc', [new RegExp(`^${code}\\b`)]);
    assert.equal(await vs.inspector.frame.locator('#code-doc h3').first().innerText(), code);
    assert.doesNotMatch(text, /###|<a id=|\*\*/);
    // Only that section: not the next code's.
    assert.equal(await vs.inspector.frame.locator('#code-doc h3').count(), 1);
  }
  // No raw codes.md tab was opened on the way.
  assert.equal(await page.locator('.tabs-container .tab', { hasText: 'codes.md' }).count(), 0);
  await vs.screenshot('codes-light.jpg');
});

test('"Turn a Check Off" says which setting it wrote and where, and its Undo puts it back (14.11)', async () => {
  const { page } = vs;
  const settingsFile = path.join(vs.workspace, '.vscode', 'settings.json');
  const severity = () => (fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['jwtMfa.severity'] : undefined);
  const ours = async () => (await page.locator('.markers-panel .monaco-list-row', { hasText: 'JWT MFA Inspector' }).allInnerTexts()).join('\n');
  assert.equal(severity()?.['app-only'], undefined);
  await vs.runCommand('JWT: Turn a Check Off');
  // Its quick pick of checks: pick app-only.
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'not-from-entra' }).first().waitFor({ timeout: 30_000 });
  await input.fill('app-only');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'app-only' }).first().waitFor();
  await page.keyboard.press('Enter');
  const note = await vs.workbench.notification('The "app-only" check is off');
  const text = (await note.innerText()).replace(/\s+/g, ' ');
  log('notification:', JSON.stringify(text));
  assert.match(text, /The "app-only" check is off: jwtMfa\.severity in the workspace settings \(\.vscode\/settings\.json\) now says "app-only": "off"\./);
  assert.equal(severity()?.['app-only'], 'off', 'written where the notification says');
  await vs.problems();
  await until(page, async () => !/app-only/.test(await ours()), 'the app-only finding to leave Problems');
  // Opening Problems closed the notification center: open it again for the notification's Undo.
  await (await vs.workbench.notification('The "app-only" check is off')).getByRole('button', { name: 'Undo' }).click();
  await vs.workbench.notification('The "app-only" check is on again.');
  await until(page, () => severity()?.['app-only'] === undefined, 'the setting to be taken back');
  await vs.problems();
  await until(page, async () => /app-only/.test(await ours()), 'the app-only finding back in Problems');
});
