import assert from 'node:assert/strict';
import { scan } from '../../src/core/scan';
import { decode } from '../../src/core/decode';
describe('smoke', () => {
  it('scans and decodes', () => {
    const h = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const p = Buffer.from(JSON.stringify({ aud: 'x', name: '山田' })).toString('base64url');
    const tok = `${h}.${p}.sig`;
    const t = scan(`Bearer ${tok}.`);
    assert.equal(t.length, 1);
    assert.equal(t[0].end - t[0].start, tok.length);
    assert.equal(decode(tok).claims?.name, '山田');
  });
});
