// The lifetime helpers every feature is wired with (src/extension/lifecycle.ts: type-only vscode import).
import assert from 'node:assert/strict';
import { DisposableStore, KeyedDebounce, MutableDisposable, toDisposable, type Timers } from '../../src/extension/lifecycle';

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

  it('KeyedDebounce runs only the last call per key, once its time passes; cancel and dispose drop what is pending', () => {
    // A hand-driven clock: `fire(h)` is the time passing for timer h.
    const live = new Map<number, () => void>();
    let next = 0;
    const timers: Timers = { set: (fn, ms) => (assert.equal(ms, 300), live.set(++next, fn), next), clear: (h) => live.delete(h as number) };
    const fire = () => [...live.entries()].forEach(([h, fn]) => live.delete(h) && fn());
    const ran: string[] = [];
    const d = new KeyedDebounce(300, timers);
    d.run('a', () => ran.push('a1'));
    d.run('a', () => ran.push('a2'));
    d.run('b', () => ran.push('b1'));
    assert.equal(live.size, 2, 'one pending call per key');
    fire();
    assert.deepEqual(ran.sort(), ['a2', 'b1']);
    d.run('a', () => ran.push('a3'));
    d.run('c', () => ran.push('c1'));
    d.cancel('a');
    d.cancel('nothing');
    fire();
    assert.deepEqual(ran, ['a2', 'b1', 'c1']);
    d.run('a', () => ran.push('a4'));
    d.dispose();
    assert.equal(live.size, 0);
    fire();
    assert.deepEqual(ran, ['a2', 'b1', 'c1']);
  });
});
