import assert from 'node:assert/strict';
import { check } from '../../src/core/check';
import { contextFor } from '../../src/core/analyze';
import { decode } from '../../src/core/decode';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { textProbe } from '../../src/core/text';
import { buildCompare, buildViewModel, displayValue, jsonPieces, LIMITS, visible } from '../../src/extension/inspector/viewModel';
import type { Labels, ViewModel } from '../../src/webview/protocol';
import { b64, mint, NOW, NOW_S, TID } from './helpers/fixtures';

/** Labels whose text is their key: enough to see which label lands where. */
const LABELS = new Proxy({}, { get: (_t, k) => String(k) }) as Labels;

const jwt = (claims: unknown, header?: Record<string, unknown>) => mint(claims as Record<string, unknown>, header);

function model(raw: string, locale: 'en' | 'ja' = 'en', decoded = decode(raw)): ViewModel {
  const ctx = contextFor(DEFAULT_SETTINGS, NOW);
  return buildViewModel({ raw, decoded, findings: check(decoded, ctx), ctx, locale, labels: LABELS, trust: { trustedIssuers: [], jwks: [] }, timeZone: 'Asia/Tokyo' });
}
const card = (m: ViewModel, id: string) => m.cards.find((c) => c.id === id)!;
/** Everything the webview would show, as one string. */
const allText = (m: ViewModel) => JSON.stringify(m);

const userToken = {
  aud: 'https://api.partnercenter.microsoft.com', iss: `https://sts.windows.net/${TID}/`, tid: TID, ver: '1.0',
  iat: NOW_S - 600, nbf: NOW_S - 600, exp: NOW_S + 2700, amr: ['pwd'], scp: 'user_impersonation', upn: 'a@contoso.com', appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', oid: 'o', sub: 's',
};

describe('inspector view model', () => {
  it('shows a v1 user token without mfa as not compliant, with findings, times and explanations', () => {
    const m = model(jwt(userToken));
    assert.equal(card(m, 'mfa').tone, 'bad');
    assert.equal(card(m, 'mfa').value, 'Not compliant');
    assert.match(card(m, 'mfa').detail, /"pwd"/);
    assert.equal(card(m, 'audience').tone, 'ok');
    assert.match(card(m, 'audience').value, /Partner Center/);
    assert.equal(card(m, 'lifetime').value, 'Valid, expires in 45 minutes');
    assert.match(card(m, 'type').value, /v1 · App\+User · Entra ID/);
    assert.equal(card(m, 'signature').value, 'Not verified yet');
    assert.equal(m.canVerify, true);
    assert.equal(m.findings[0].code, 'mfa-missing');
    assert.ok(m.findings[0].remedy.length > 10);
    const exp = m.claims.find((r) => r.name === 'exp')!;
    assert.equal(exp.time?.utc, '2026-04-02 10:45:00 UTC');
    assert.match(exp.time!.local, /19:45:00/); // Asia/Tokyo
    assert.equal(exp.time?.relative, 'in 45 minutes');
    assert.equal(m.claims.find((r) => r.name === 'iat')!.time?.relative, '10 minutes ago');
    const amr = m.claims.find((r) => r.name === 'amr')!;
    assert.equal(amr.amr?.[0].value, 'pwd');
    assert.match(amr.amr?.[0].explanation ?? '', /Password/);
    assert.match(m.claims.find((r) => r.name === 'aud')!.explanation ?? '', /Audience/);
    assert.deepEqual(m.segments.parts.map((p) => p.label), ['header', 'payload', 'signature']);
    assert.ok(m.headerJson.some((p) => p.t === 'key' && p.s === '"kid"'));
  });

  it('speaks Japanese when asked', () => {
    const m = model(jwt(userToken), 'ja');
    assert.equal(card(m, 'mfa').value, '非準拠');
    assert.equal(m.claims.find((r) => r.name === 'exp')!.time?.relative, '45 分後');
    assert.match(m.findings[0].message, /Partner Center/);
  });

  it('marks MFA compliant, uncertain, and not applicable for app-only', () => {
    assert.equal(card(model(jwt({ ...userToken, amr: ['pwd', 'mfa'] })), 'mfa').tone, 'ok');
    const u = model(jwt({ ...userToken, amr: ['ngcmfa'] }));
    assert.equal(card(u, 'mfa').value, 'Uncertain');
    const app = model(jwt({ aud: 'https://api.partnercenter.microsoft.com', iss: `https://sts.windows.net/${TID}/`, ver: '1.0', idtyp: 'app', roles: ['x'], appid: 'a', oid: 'o', sub: 'o', exp: NOW_S + 60 }));
    assert.equal(card(app, 'mfa').value, 'Not applicable (app-only)');
    assert.match(card(app, 'type').value, /App-only/);
    assert.equal(card(app, 'lifetime').tone, 'warn'); // under 5 minutes left
  });

  it('shows a JWE as encrypted, with five segments and no Verify button', () => {
    const raw = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`;
    const m = model(raw);
    assert.equal(m.kind, 'jwe');
    assert.equal(m.segments.parts.length, 5);
    assert.match(card(m, 'type').value, /JWE/);
    assert.equal(m.canVerify, false);
    assert.equal(m.claims.length, 0);
    assert.equal(m.findings[0].code, 'encrypted');
  });

  it('keeps Verify only while the signature could not be checked', () => {
    const raw = jwt(userToken);
    const decoded = decode(raw);
    const ctx = contextFor(DEFAULT_SETTINGS, NOW);
    const build = (signature: Parameters<typeof buildViewModel>[0]['signature']) =>
      buildViewModel({ raw, decoded, findings: check(decoded, ctx), ctx, locale: 'en', labels: LABELS, trust: { trustedIssuers: [], jwks: [] }, signature });
    assert.equal(build(undefined).canVerify, true);
    assert.equal(build('busy').canVerify, false);
    const valid = build({ state: 'valid', reason: 'verified', detail: { source: 'https://k.example/keys', kid: 'k1' } });
    assert.equal(valid.canVerify, false);
    assert.equal(card(valid, 'signature').tone, 'ok');
    const offline = build({ state: 'not-checked', reason: 'offline', detail: { url: 'https://login.microsoftonline.com/x', code: 'ENOTFOUND' } });
    assert.equal(offline.canVerify, true);
    assert.match(card(offline, 'signature').detail, /offline/);
  });

  it('calls a Graph token with a header nonce unverifiable by design, without a Verify button', () => {
    const m = model(jwt({ ...userToken, aud: 'https://graph.microsoft.com' }, { alg: 'RS256', nonce: 'n', kid: 'k' }));
    assert.equal(card(m, 'signature').tone, 'info');
    assert.match(card(m, 'signature').detail, /by design/);
    assert.equal(m.canVerify, false);
  });

  it('renders hostile values as inert, visible text', () => {
    const hostile = JSON.parse(`{"name":"<img src=x onerror=alert(1)>","upn":"evil\u202Egnp.exe","__proto__":{"polluted":true},"aud":"<script>alert(1)</script>","amr":["<b>pwd</b>"]}`);
    const raw = jwt(hostile);
    const m = model(raw);
    const name = m.claims.find((r) => r.name === 'name')!;
    assert.equal(name.value, '<img src=x onerror=alert(1)>'); // text, rendered with textContent
    const upn = m.claims.find((r) => r.name === 'upn')!;
    assert.equal(upn.value, 'evil⟪U+202E⟫gnp.exe');
    assert.ok(!allText(m).includes('\u202E'), 'no raw bidi override reaches the webview');
    assert.ok(m.claims.some((r) => r.name === '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(m.payloadJson.some((p) => p.t === 'key' && p.s === '"__proto__"'));
    assert.match(card(m, 'audience').detail, /<script>/);
  });

  it('depth-limits a 10,000-deep claim and caps a 1 MB token', () => {
    // Work, not time: the deep claim is read through a Proxy that counts its reads and the depth they
    // reach, and the characters escaped are counted by core/text's textProbe.
    const build = (depth: number, bigChars: number) => {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const raw = `${b64({ alg: 'RS256' })}.${b64(`{"deep":${deep},"big":"${'x'.repeat(bigChars)}"}`)}.c2ln`;
      const decoded = decode(raw);
      const reads = { count: 0, deepest: 0 };
      const watch = (v: unknown, level: number): unknown =>
        v === null || typeof v !== 'object'
          ? v
          : new Proxy(v, {
              get(target, key, receiver) {
                reads.count++;
                reads.deepest = Math.max(reads.deepest, level);
                return watch(Reflect.get(target, key, receiver), level + 1);
              },
            });
      decoded.claims!.deep = watch(decoded.claims!.deep, 1);
      let escaped = 0;
      textProbe.revealed = (chars) => (escaped += chars);
      try {
        return { m: model(raw, 'en', decoded), reads, escaped };
      } finally {
        delete textProbe.revealed;
      }
    };
    const { m, reads, escaped } = build(10_000, 1_000_000);
    assert.ok(reads.deepest <= LIMITS.depth + 1, `the 10,000-deep claim was read down to level ${reads.deepest}`);
    assert.deepEqual(build(1_000, 1_000_000).reads, reads, 'a ten times shallower claim: the same reads');
    const twice = build(10_000, 2_000_000).escaped - escaped;
    assert.ok(twice <= 1_000_000, `a claim 1 MB longer: ${twice} more characters escaped (each at most once)`);
    const d = m.claims.find((r) => r.name === 'deep')!;
    assert.ok(d.value.includes('[…]'));
    assert.ok(d.value.length < 200);
    const big = m.claims.find((r) => r.name === 'big')!;
    assert.equal(big.truncated, true);
    assert.ok(big.value.length <= LIMITS.valueChars + 1);
    assert.ok(m.segments.parts[1].hidden > 1_000_000);
    assert.ok(allText(m).length < 600_000, `view model is ${allText(m).length} chars`);
  });

  it('makes control characters visible and keeps JSON pieces inside budget', () => {
    assert.equal(visible('a\u0000b\u2066c'), 'a⟪U+0000⟫b⟪U+2066⟫c');
    assert.equal(displayValue({ a: [1, 'x'] }).text, '{"a": [1, "x"]}');
    const pieces = jsonPieces(Array.from({ length: 100000 }, (_, i) => i));
    assert.ok(pieces.length <= LIMITS.jsonPieces + 1);
    assert.equal(pieces[pieces.length - 1].t, 'more');
  });

  it('compares two tokens with differences first', () => {
    const a = decode(jwt({ ...userToken, amr: ['pwd'] }));
    const b = decode(jwt({ ...userToken, amr: ['pwd', 'mfa'], iat: NOW_S }));
    const c = buildCompare(a, b, { labels: LABELS, locale: 'en', leftTitle: 'before', rightTitle: 'after' });
    assert.deepEqual(c.rows.filter((r) => !r.same).map((r) => r.claim).sort(), ['amr', 'iat']);
    assert.equal(c.rows[0].same, false);
    assert.equal(c.rows[1].same, false);
    assert.equal(c.rows[2].same, true);
    assert.equal(c.rows.find((r) => r.claim === 'amr')!.right, '["pwd", "mfa"]');
    assert.equal(c.rows.find((r) => r.claim === 'iat')!.right, `${NOW_S} (2026-04-02 10:00:00 UTC)`);
  });
});

describe('inspector paste and html', () => {
  it('accepts a token with Bearer, quotes and line breaks', async () => {
    const { tokenFromPaste } = await import('../../src/core/paste');
    const t = jwt(userToken);
    assert.equal(tokenFromPaste(t), t);
    assert.equal(tokenFromPaste(`Bearer ${t}`), t);
    assert.equal(tokenFromPaste(`"${t}"`), t);
    assert.equal(tokenFromPaste(`Authorization: Bearer ${t.slice(0, 20)}\n  ${t.slice(20, 60)}\r\n${t.slice(60)}`), t);
    assert.equal(tokenFromPaste('hello world'), undefined);
  });

  it('builds a shell whose CSP allows only the nonce script and own styles', async () => {
    const { inspectorHtml } = await import('../../src/extension/inspector/html');
    const html = inspectorHtml({ cspSource: 'vscode-webview://x', nonce: 'abc123==', scriptUri: 'https://file+.vscode-resource/dist/webview.js', styleUri: 's.css', lang: 'ja', title: 'JWT <Inspector>' });
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-abc123=='/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="abc123==" src=/);
    assert.match(html, /JWT &#60;Inspector&#62;/);
  });
});

describe('inspector localization', () => {
});

describe('inspector protocol', () => {
  it('accepts only the messages the webview may send', async () => {
    const { isFromWebview } = await import('../../src/webview/protocol');
    assert.ok(isFromWebview({ type: 'ready' }));
    assert.ok(isFromWebview({ type: 'copy', part: 'payload' }));
    assert.ok(isFromWebview({ type: 'rendered', view: 'token', text: 'x', active: 0 }));
    assert.ok(!isFromWebview({ type: 'copy', part: 'token' }));
    assert.ok(!isFromWebview({ type: 'rendered', view: 'token', text: 'x'.repeat(300_000), active: 0 }));
    assert.ok(!isFromWebview({ type: 'runCommand', command: 'workbench.action.terminal.new' }));
    assert.ok(!isFromWebview(null));
    assert.ok(!isFromWebview('ready'));
  });
});

describe('inspector diagnosis section', () => {
  it('turns a core 401 diagnosis into the panel section, with the token redacted', async () => {
    const { diagnose } = await import('../../src/core/diagnose');
    const { diagnosisView } = await import('../../src/extension/inspector/viewModel');
    const tok = jwt(userToken);
    const d = diagnose({
      request: { method: 'GET', url: `https://api.partnercenter.microsoft.com/v1/customers?access_token=${tok}`, headers: [['Authorization', `Bearer ${tok}`]] },
      response: { status: 401, statusText: 'Unauthorized - MFA required', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] },
      settings: DEFAULT_SETTINGS,
      now: NOW,
    });
    const v = diagnosisView(d, 'en');
    assert.ok(v.causes.length > 0);
    assert.ok(v.causes.some((c) => c.code === 'mfa-required' || /mfa/i.test(c.code)), JSON.stringify(v.causes.map((c) => c.code)));
    assert.match(v.summary ?? '', /^401 Unauthorized - MFA required — GET https:\/\/api\.partnercenter/);
    assert.ok(!JSON.stringify(v).includes(tok.split('.')[1]), 'no token payload in the section');
  });
});
