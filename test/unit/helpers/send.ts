// What the sender tests share: a promise rejects with a SendError of this code (both senders,
// src/node/send.ts and its web twin, throw core/sendFlow's SendError), a frozen clock for the deadline,
// and http events to wait on instead of time.
import assert from 'node:assert/strict';
import dc from 'node:diagnostics_channel';
import type http from 'node:http';
import { SendError, type DeadlineTimers, type SendErrorCode } from '../../../src/core/sendFlow';

export async function rejectsWith(p: Promise<unknown>, code: SendErrorCode): Promise<SendError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SendError, `expected SendError, got ${e}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

/**
 * A frozen clock for a sender's deadline (`SendOptions.timers`): nothing fires until the test says
 * time has passed, so a timeout test waits for an event (the server holds the request), never for time.
 */
export function fakeClock() {
  const pending = new Map<number, () => void>();
  /** The delay of every timer armed, in order. */
  const armed: number[] = [];
  let next = 0;
  const timers: DeadlineTimers = {
    set: (fire, ms) => (armed.push(ms), pending.set(++next, fire), next),
    clear: (h) => pending.delete(h as number),
  };
  return {
    timers,
    armed,
    /** Timers armed and neither fired nor cleared. */
    pending,
    /** Time passes: every pending timer fires. */
    elapse(): void {
      for (const [h, fire] of [...pending]) {
        pending.delete(h);
        fire();
      }
    },
  };
}

type Listener = (message: unknown) => void;

/**
 * Node's http diagnostics channels, as events a test can wait on instead of time: the client requests
 * started (to see they were destroyed), and hooks on a client response's headers or a server's
 * request. `off()` unsubscribes everything (call it in afterEach).
 */
export function httpEvents() {
  const subs: Array<[string, Listener]> = [];
  const on = (name: string, fn: Listener) => {
    dc.subscribe(name, fn);
    subs.push([name, fn]);
  };
  const clientRequests: http.ClientRequest[] = [];
  on('http.client.request.start', (m) => clientRequests.push((m as { request: http.ClientRequest }).request));
  return {
    clientRequests,
    /** `fn` runs once this process's client has read the headers of a response to `path` (it is then reading the body). */
    onClientResponse(path: string, fn: () => void): void {
      on('http.client.response.finish', (m) => {
        if ((m as { request: http.ClientRequest }).request.path === path) queueMicrotask(fn);
      });
    },
    /** `fn` runs when a server in this process receives a request for `path`. */
    onServerRequest(path: string, fn: () => void): void {
      on('http.server.request.start', (m) => {
        if ((m as { request: http.IncomingMessage }).request.url === path) fn();
      });
    },
    off(): void {
      for (const [name, fn] of subs.splice(0)) dc.unsubscribe(name, fn);
    },
  };
}
