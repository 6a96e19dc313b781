import assert from 'node:assert/strict';
import { clip, inert, safeJson, truncate, visible } from '../../src/core/text';
import { visible as inspectorVisible } from '../../src/extension/inspector/viewModel';
import { visible as hoverVisible } from '../../src/extension/render/escape';

describe('text safety', () => {
  it('shows bidi, zero-width and control characters visibly, and clips long values', () => {
    assert.equal(visible('admin\u202Egnp.exe'), 'admin\\u202egnp.exe');
    assert.equal(visible('a\u200Bb\u0000c\u2066'), 'a\\u200bb\\u0000c\\u2066');
    assert.equal(visible('x'.repeat(10), 4), 'xxxx…');
    assert.equal(visible('日本語 ok'), '日本語 ok');
  });
  it('serialises hostile values without throwing: deep nesting, __proto__ keys', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10000; i++) deep = [deep];
    assert.equal(safeJson(deep, 5), '[[[[["…"]]]]]');
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}');
    assert.equal(safeJson(proto), '{"__proto__":{"polluted":true},"constructor":1}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('one safe-text set for every face', () => {
  // Soft hyphen, a variation selector and the Hangul filler: invisible, and once shown raw in the
  // inspector and the CLI while hovers escaped them.
  const hostile = 'ad\u00ADmin\uFE0F\u3164x\u202Eyz';

  it('the CLI, hovers and the inspector escape the same characters, each in its own marker', () => {
    assert.equal(visible(hostile), 'ad\\u00admin\\ufe0f\\u3164x\\u202eyz');
    assert.equal(hoverVisible(hostile), 'ad\\u00ADmin\\uFE0F\\u3164x\\u202Eyz');
    assert.equal(inspectorVisible(hostile), 'ad⟪U+00AD⟫min⟪U+FE0F⟫⟪U+3164⟫x⟪U+202E⟫yz');
    for (const c of ['\u0000', '\u001b', '\u007f', '\u0085', '\u061c', '\u115f', '\u180e', '\u200b', '\u2028', '\u2066', '\u206f', '\ufeff', '\uffa0', '\ufffb']) {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      assert.equal(visible(c), `\\u${hex}`);
      assert.equal(hoverVisible(c), `\\u${hex.toUpperCase()}`);
      assert.equal(inspectorVisible(c), `⟪U+${hex.toUpperCase()}⟫`);
      assert.equal(inert(c), `\\u${hex}`);
    }
  });

  it('multi-line faces keep tabs and line feeds, and show a carriage return', () => {
    assert.equal(inert('a\tb\nc\rd'), 'a\tb\nc\\u000dd');
    assert.equal(inspectorVisible('a\tb\nc\rd'), 'a\tb\nc⟪U+000D⟫d');
    assert.equal(visible('a\tb\nc'), 'a\\u0009b\\u000ac');
    assert.equal(hoverVisible('a\tb\nc'), 'a\\u0009b\\u000Ac');
  });

  it('text stays text: letters, emoji, Japanese', () => {
    for (const s of ['日本語 ok', 'ｱｲｳ', 'e\u0301', '😀', 'مرحبا']) {
      assert.equal(visible(s), s);
      assert.equal(hoverVisible(s), s);
      assert.equal(inspectorVisible(s), s);
    }
    // A zero-width joiner is shown even inside an emoji sequence: it can hide text anywhere else.
    assert.equal(visible('👩\u200d💻'), '👩\\u200d💻');
  });

  it('cuts without splitting a surrogate pair, and says when it cut', () => {
    assert.equal(truncate('ab😀', 3), 'ab…');
    assert.deepEqual(clip('ab😀c', 4), { text: 'ab😀…', truncated: true });
    assert.deepEqual(clip('abc', 3), { text: 'abc', truncated: false });
    assert.equal(visible('x😀y', 2), 'x…');
  });
});
