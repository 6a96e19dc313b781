// UI end-to-end: a user opens a log with tokens in a real VS Code, hovers a token, opens the Problems
// panel, in dark and light themes; screenshots go to docs/images/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { log, openVSCode } from './helpers.mjs';

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
    assert.match(text, /amr is "pwd" without "mfa": Partner Center answers 401 "MFA required" to this app\+user token\./);
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
