// The lifetime helpers every feature is wired with (src/extension/lifecycle.ts: type-only vscode import).
import assert from 'node:assert/strict';
import { DisposableStore, MutableDisposable, toDisposable } from '../../src/extension/lifecycle';

describe('lifecycle helpers', () => {
  it('toDisposable runs its function once', () => {
    let n = 0;
    const d = toDisposable(() => n++);
    d.dispose();
    d.dispose();
    assert.equal(n, 1);
  });

  it('DisposableStore disposes newest first, survives a throwing item, and disposes late additions at once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(toDisposable(() => {
      throw new Error('boom');
    }));
    store.add(toDisposable(() => order.push('c')));
    store.dispose();
    assert.deepEqual(order, ['c', 'a']);
    store.add(toDisposable(() => order.push('late')));
    assert.deepEqual(order, ['c', 'a', 'late']);
  });

  it('MutableDisposable disposes the old value when replaced, and a value set after dispose', () => {
    const gone: number[] = [];
    const slot = new MutableDisposable();
    const one = toDisposable(() => gone.push(1));
    slot.value = one;
    slot.value = one;
    assert.equal(gone.length, 0);
    slot.value = toDisposable(() => gone.push(2));
    assert.deepEqual(gone, [1]);
    slot.dispose();
    assert.deepEqual(gone, [1, 2]);
    slot.value = toDisposable(() => gone.push(3));
    assert.deepEqual(gone, [1, 2, 3]);
    assert.equal(slot.value, undefined);
  });
});
