// Lifetimes of registrations, after VS Code's own src/vs/base/common/lifecycle.ts: `toDisposable`
// for a clean-up function, `DisposableStore` for a set disposed together, `MutableDisposable` for a
// slot whose old value is disposed when replaced, `Disposable`, the base of every owner class, and
// `KeyedDebounce`, work per key that waits for calls to settle and dies with its owner.
import type * as vscode from 'vscode';

/** A disposable that runs `fn` once. */
export function toDisposable(fn: () => void): vscode.Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Disposables disposed together, newest first; one that throws does not keep the others alive. */
export class DisposableStore implements vscode.Disposable {
  private readonly items: vscode.Disposable[] = [];
  private disposed = false;

  /** Adds `d` (disposed at once if the store already is) and returns it. */
  add<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Disposes everything added so far; the store stays usable. */
  clear(): void {
    while (this.items.length) {
      try {
        this.items.pop()!.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** One disposable at a time: setting a new value disposes the old one. */
export class MutableDisposable<T extends vscode.Disposable> implements vscode.Disposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(v: T | undefined) {
    if (this.disposed) {
      v?.dispose();
      return;
    }
    if (v === this.current) return;
    this.current?.dispose();
    this.current = v;
  }

  dispose(): void {
    this.disposed = true;
    this.current?.dispose();
    this.current = undefined;
  }
}

/** A base for objects that own registrations: everything `_register`ed is disposed with the owner. */
export abstract class Disposable implements vscode.Disposable {
  private readonly store = new DisposableStore();

  protected _register<T extends vscode.Disposable>(d: T): T {
    return this.store.add(d);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** The timer functions KeyedDebounce uses (tests pass their own, so no test waits for time). */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

/** Work per key that runs once calls for that key stop for `ms`; disposing drops whatever is pending. */
export class KeyedDebounce implements vscode.Disposable {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly ms: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Runs `fn` `ms` after the last call for `key` (an earlier pending call for `key` is dropped). */
  run(key: string, fn: () => void): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        fn();
      }, this.ms),
    );
  }

  /** Drops the pending call for `key`, if any. */
  cancel(key: string): void {
    if (!this.pending.has(key)) return;
    this.timers.clear(this.pending.get(key));
    this.pending.delete(key);
  }

  dispose(): void {
    for (const h of this.pending.values()) this.timers.clear(h);
    this.pending.clear();
  }
}
