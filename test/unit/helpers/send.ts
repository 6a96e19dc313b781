// The one assertion the sender tests share: a promise rejects with a SendError of this code. Both
// senders (src/node/send.ts and its web twin) throw core/sendFlow's SendError.
import assert from 'node:assert/strict';
import { SendError, type SendErrorCode } from '../../../src/core/sendFlow';

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
