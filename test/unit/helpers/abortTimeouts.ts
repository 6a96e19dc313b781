// A frozen clock for AbortSignal.timeout: the one timer jose's remote key set and the key store's
// discovery fetch use (core/verify). While frozen, a timeout signal aborts only when the test says
// time has passed, so a loaded machine cannot turn a slow answer into a timeout, and a timeout test
// waits for an event (the server holds the request), never for time.

export interface FrozenTimeouts {
  /** The delay of every timeout signal asked for, in order. */
  armed: number[];
  /** Time passes: every timeout signal not yet aborted aborts, as a real one would (TimeoutError). */
  elapse(): void;
  restore(): void;
}

export function freezeAbortTimeouts(): FrozenTimeouts {
  const real = AbortSignal.timeout;
  const armed: number[] = [];
  const pending: AbortController[] = [];
  AbortSignal.timeout = (ms: number) => {
    armed.push(ms);
    const c = new AbortController();
    pending.push(c);
    return c.signal;
  };
  return {
    armed,
    elapse() {
      for (const c of pending.splice(0)) c.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    },
    restore() {
      AbortSignal.timeout = real;
    },
  };
}
