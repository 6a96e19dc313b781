// `jwt-mfa token --az` with a mint `az` on PATH (a shell script that records its arguments and answers
// like the Azure CLI: a token, "not signed in", or nothing at all).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main, type Io } from '../../src/cli/main';
import { mint, NOW, NOW_S, userClaims } from './helpers/fixtures';

const FAKE_AZ = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_AZ_ARGS"
case "$FAKE_AZ_MODE" in
  token) printf '{"accessToken": "%s", "expiresOn": "2026-11-25 13:00:00.000000", "tokenType": "Bearer"}\\n' "$FAKE_AZ_TOKEN" ;;
  login) echo "ERROR: Please run 'az login' to setup account." >&2; exit 1 ;;
  mfa) echo "WARNING: something first" >&2; echo "ERROR: AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication." >&2; exit 1 ;;
  junk) echo "not json" ;;
esac
`;

describe('jwt-mfa token --az', () => {
  let dir: string;
  let bin: string;
  let argsFile: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-az-'));
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'az'), FAKE_AZ);
    chmodSync(path.join(bin, 'az'), 0o755);
    argsFile = path.join(dir, 'az-args.txt');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[], env: Record<string, string>) {
    let out = '';
    let err = '';
    const io: Io = { stdout: (s) => (out += s), stderr: (s) => (err += s), readStdin: async () => '', cwd: dir, env: { PATH: bin, FAKE_AZ_ARGS: argsFile, ...env }, now: () => NOW };
    const code = await main(['token', ...args], io);
    return { code, out, err };
  }
  const azArgs = () => readFileSync(argsFile, 'utf8').trim().split('\n');

  it('judges an MFA token for Partner Center without printing it (exit 0), asking az for Partner Center by default', async () => {
    const token = mint(userClaims({ amr: ['pwd', 'mfa'], exp: NOW_S + 3600 }));
    const r = await run(['--az'], { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: token });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(azArgs(), ['account', 'get-access-token', '--resource', 'https://api.partnercenter.microsoft.com', '--output', 'json']);
    assert.match(r.out, /amr/);
    assert.match(r.out, /"mfa"/);
    assert.ok(!r.out.includes(token) && !r.err.includes(token), 'the token is not printed');
    assert.ok(!r.out.includes(token.split('.')[2]), 'not even its signature');
  });

  it('exits 1 for a token without MFA, like decode, and passes --resource and --tenant on', async () => {
    const token = mint(userClaims({ amr: ['pwd'], exp: NOW_S + 3600 }));
    const r = await run(['--az', '--resource', 'https://api.partnercenter.microsoft.com', '--tenant', 'contoso.onmicrosoft.com', '--format', 'json'], { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: token });
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(azArgs().slice(-2), ['--tenant', 'contoso.onmicrosoft.com']);
    const j = JSON.parse(r.out);
    assert.equal(j.verdicts.mfa, 'not-compliant');
    assert.ok(j.findings.some((f: { code: string }) => f.code === 'mfa-missing'));
    assert.ok(!r.out.includes(token));
  });

  it('judges the audience against the resource asked for', async () => {
    const graph = mint(userClaims({ aud: 'https://graph.microsoft.com', amr: ['pwd', 'mfa'], exp: NOW_S + 3600 }));
    const ok = await run(['--az', '--resource', 'https://graph.microsoft.com', '--format', 'json'], { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: graph });
    assert.ok(!JSON.parse(ok.out).findings.some((f: { code: string }) => f.code === 'audience-mismatch'), ok.out);
    const pc = await run(['--az', '--format', 'json'], { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: graph });
    assert.ok(JSON.parse(pc.out).findings.some((f: { code: string }) => f.code === 'audience-mismatch'), pc.out);
  });

  it('--print prints the token alone on stdout and warns on stderr', async () => {
    const token = mint(userClaims({ amr: ['pwd', 'mfa'], exp: NOW_S + 3600 }));
    const r = await run(['--az', '--print'], { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: token });
    assert.equal(r.code, 0);
    assert.equal(r.out, token + '\n');
    assert.match(r.err, /warning: printing the access token \(a credential\)/);
    assert.ok(!r.err.includes(token));
  });

  it('az missing, not signed in, or refusing: one line on stderr, exit 2', async () => {
    const missing = await run(['--az'], { PATH: path.join(dir, 'nowhere') });
    assert.equal(missing.code, 2);
    assert.equal(missing.err, 'jwt-mfa: the Azure CLI (az) is not installed or not on PATH\n');
    const login = await run(['--az'], { FAKE_AZ_MODE: 'login' });
    assert.equal(login.code, 2);
    assert.equal(login.err.trim().split('\n').length, 1);
    assert.match(login.err, /not signed in: run "az login"/);
    const mfa = await run(['--az'], { FAKE_AZ_MODE: 'mfa' });
    assert.equal(mfa.code, 2);
    assert.match(mfa.err, /^jwt-mfa: the Azure CLI gave no token: AADSTS50076/);
    assert.equal(mfa.err.trim().split('\n').length, 1);
    const junk = await run(['--az'], { FAKE_AZ_MODE: 'junk' });
    assert.equal(junk.code, 2);
    assert.match(junk.err, /not a token/);
    assert.equal(junk.out, '');
  });

  it('refuses a missing --az, a bad resource or tenant before running az (exit 2)', async () => {
    rmSync(argsFile, { force: true });
    for (const args of [[], ['--az', '--resource', 'not a url'], ['--az', '--tenant', 'a b']]) {
      const r = await run(args, { FAKE_AZ_MODE: 'token', FAKE_AZ_TOKEN: 'x' });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^jwt-mfa: /);
    }
    assert.throws(() => readFileSync(argsFile), 'az was never run');
  });
});

describe('jwt-mfa token --help', () => {
  it('is listed in the usage and has its own help', async () => {
    let out = '';
    const io: Io = { stdout: (s) => (out += s), stderr: () => {}, readStdin: async () => '', cwd: tmpdir(), env: {}, now: () => NOW };
    assert.equal(await main(['--help'], io), 0);
    assert.match(out, /jwt-mfa token --az/);
    out = '';
    assert.equal(await main(['token', '--help'], io), 0);
    assert.match(out, /^Usage: jwt-mfa token --az/);
    assert.match(out, /--print/);
  });
});
