// UI end-to-end in Japanese: VS Code started with its display language set to Japanese (`--locale ja`;
// without a language pack the workbench itself stays English), a user hovers a token without MFA and reads
// the extension's hover in Japanese. Screenshot: docs/images/hover-ja.jpg.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { log, openVSCode } from './helpers.mjs';

let vs;
before(async () => {
  vs = await openVSCode({ theme: 'dark', locale: 'ja' });
});
after(async () => {
  await vs?.close();
});

test('the hover of a token without mfa reads in Japanese', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  // The diagnostic's part and ours may show one after the other: wait for both.
  const text = await vs.hover('no-mfa  Authorization: Bearer', 'eyJ0eXAi', /^(?=[\s\S]*対象ユーザー \(aud\):)(?=[\s\S]*mfa-missing)(?=[\s\S]*amr が "pwd" のみで "mfa" がありません)/);
  log('hover (ja):', JSON.stringify(text.slice(0, 240)));
  // The frame from l10n/bundle.l10n.ja.json, the finding from core's Japanese catalog.
  assert.match(text, /対象ユーザー \(aud\):/, 'the claim name beside Microsoft\'s term (14.19)');
  assert.match(text, /mfa-missing/);
  assert.match(text, /amr が "pwd" のみで "mfa" がありません/);
  // 14.7: the verdict line first; 14.17: a duration followed by Japanese has no space after its unit.
  assert.match(text, /MFA ✗ · aud ✓/);
  assert.doesNotMatch(text, /分 で|時間 で|日 で/);
  assert.doesNotMatch(text, /Audience:/);
  await vs.screenshot('hover-ja.jpg');
});
