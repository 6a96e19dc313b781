import assert from 'node:assert/strict';
import { safeJson, visible } from '../../src/core/text';

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
