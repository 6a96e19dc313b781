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

// 14.18 and 14.14: in a narrow panel, the Japanese title keeps its words whole (no "ー" alone at a line
// start) and nothing pushes the page sideways. Screenshot: docs/images/inspector-ja.jpg.
for (const width of [1280, 700]) {
  test(`the Japanese inspector wraps whole words and fits a ${width === 1280 ? 'half-window' : 'narrow'} panel`, async () => {
    const { page } = vs;
    if (width === 1280) {
      await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
      await vs.workbench.closeSideBar();
      await vs.runCommand('JWT: インスペクターを開く');
    }
    await page.setViewportSize({ width, height: 800 });
    const text = await vs.inspector.textWhen('.cards', /準拠していません|非準拠/, { read: 'body' });
    const layout = await vs.inspector.layout('h1');
    log(`inspector (ja, ${width}px window, ${layout.width}px panel):`, JSON.stringify({ title: layout.lines, wide: layout.wide.slice(0, 5) }));
    assert.match(text, /JWT インスペクター/);
    // The live countdown speaks core's one duration formatter: one unit, never "26693 日 22 時間" (13.9, 14.8).
    assert.match(text, /有効、残り \d+ 年/);
    assert.doesNotMatch(text, /\d+ 日 \d+ 時間/);
    assert.equal(layout.lines.join('').replace(/\s/g, ''), 'JWTインスペクター');
    // A line may break at the space, never inside インスペクター (so never before its ー).
    for (const line of layout.lines) assert.ok(['JWT', 'インスペクター', 'JWTインスペクター'].includes(line.replace(/\s/g, '')), `title lines ${JSON.stringify(layout.lines)}`);
    assert.deepEqual(layout.wide, [], 'nothing wider than the panel');
    assert.ok(layout.scrollWidth <= layout.width, `no sideways scroll (${layout.scrollWidth} > ${layout.width})`);
    await vs.screenshot(width === 1280 ? 'inspector-ja.jpg' : 'inspector-ja-narrow.jpg');
  });
}
