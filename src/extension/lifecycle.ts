// Lifetimes of registrations, after VS Code's own src/vs/base/common/lifecycle.ts: `toDisposable`
// for a clean-up function, `DisposableStore` for a set disposed together, `MutableDisposable` for a
// slot whose old value is disposed when replaced, and `Disposable`, the base of every owner class.
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
