// Signature verification against the project's loopback stand-in (its OIDC discovery and JWKS), the
// way a user would configure it: the stand-in's issuer listed in jwtMfa.verify.trustedIssuers.
import assert from 'node:assert/strict';
import { decode } from '../../src/core/decode';
import { createNodeKeyStore, verifyRaw } from '../../src/node/keys';
import { startStandIn, type StandIn } from '../stand-in';
import { freezeAbortTimeouts, type FrozenTimeouts } from './helpers/abortTimeouts';
import { b64 } from './helpers/fixtures';

describe('verify against the loopback stand-in', () => {
  // Nothing here is about timeouts: frozen, the fetch timeouts cannot fire on a loaded machine.
  let clock: FrozenTimeouts;
  beforeEach(() => {
    clock = freezeAbortTimeouts();
  });
  afterEach(() => clock.restore());
  let s: StandIn;
  before(async () => {
    s = await startStandIn();
  });
  after(async () => {
    await s.close();
  });

  const listed = () => ({ trustedIssuers: [s.issuer], jwks: [] });

  it('verifies a minted token once its issuer is listed, through discovery and the v2 key issuer', async () => {
    const r = await verifyRaw(s.mint('mfa'), { store: createNodeKeyStore({ timeoutMs: 2000 }), trust: listed() });
    assert.equal(r.state, 'valid', JSON.stringify(r));
    assert.match(r.detail.source ?? '', /\/discovery\/v2\.0\/keys$/);
  });

  it('refuses the same token, without fetching, when the issuer is not listed', async () => {
    const r = await verifyRaw(s.mint('mfa'), { store: createNodeKeyStore({ timeoutMs: 2000 }), trust: { trustedIssuers: [], jwks: [] } });
    assert.equal(r.reason, 'untrusted-issuer');
  });

  it('reports the stand-in\'s bad-signature token as a signature mismatch', async () => {
    const r = await verifyRaw(s.mint('bad-signature'), { store: createNodeKeyStore({ timeoutMs: 2000 }), trust: listed() });
    assert.equal(r.state, 'invalid');
    assert.equal(r.reason, 'signature-mismatch');
  });

  it('reports a tampered payload as a signature mismatch', async () => {
    const [h, p, sig] = s.mint('no-mfa').split('.');
    const claims = decode(`${h}.${p}.${sig}`).claims!;
    const forged = `${h}.${b64({ ...claims, amr: ['pwd', 'mfa'] })}.${sig}`;
    const r = await verifyRaw(forged, { store: createNodeKeyStore({ timeoutMs: 2000 }), trust: listed() });
    assert.equal(r.reason, 'signature-mismatch');
  });

  it('reports an unknown kid', async () => {
    const tok = s.mint('mfa');
    const [, p, sig] = tok.split('.');
    const other = `${b64({ typ: 'JWT', alg: 'RS256', kid: 'rotated-away' })}.${p}.${sig}`;
    const r = await verifyRaw(other, { store: createNodeKeyStore({ timeoutMs: 2000 }), trust: listed() });
    assert.equal(r.reason, 'no-matching-key');
  });
});
