// diagnose() as facts → small rules → documented ranking (docs/codes.md "How causes are ranked").
// Each rule is tested alone (a candidate or nothing, with its named weight), then the ranking rules,
// then the two behaviours the real-world issue asked for: the server's own words outrank inference,
// and lifetime is judged at the time of the exchange.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diagnose, renderCauses, type DiagnoseInput } from '../../src/core/diagnose';
import { gatherFacts, judgementTime } from '../../src/core/diagnosis/facts';
import { appOnly, audience, claimsChallenge, lifetime, malformed, mfa, noToken, RULES, scope, WEIGHT } from '../../src/core/diagnosis/rules';
import { diagnosisText } from '../../src/core/diagnosisText';
import { diagnosisView } from '../../src/extension/inspector/viewModel';
import { listExchanges } from '../../src/core/http/exchange';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { graphUser, harEntry, harText, NOW, NOW_S, pcApp, pcUser } from './helpers/fixtures';

const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
const PC = 'https://api.partnercenter.microsoft.com/v1/customers';
const GRAPH = 'https://graph.microsoft.com/v1.0/me';
const INVALID: Array<[string, string]> = [['WWW-Authenticate', 'Bearer error="invalid_token"']];

function input(token: string | null, over: Partial<DiagnoseInput> = {}, url = PC): DiagnoseInput {
  return {
    request: { method: 'GET', url, headers: token ? [['Authorization', `Bearer ${token}`]] : [] },
    response: { status: 401, statusText: 'Unauthorized', headers: INVALID },
    settings,
    now: NOW,
    ...over,
  };
}

const codes = (d: ReturnType<typeof diagnose>) => d.causes.map((c) => c.code);

describe('diagnose rules (each alone)', () => {
  it('the list is the order of evaluation and names every rule', () => {
    assert.deepEqual(
      RULES.map((r) => r.name),
      ['noToken', 'malformed', 'lifetime', 'audience', 'mfa', 'appOnly', 'claimsChallenge', 'scope'],
    );
  });

  it('noToken: a missing header is proven; the server saying so is stated; a sent token gives nothing', async () => {
    const missing = noToken.run(gatherFacts(input(null)));
    assert.equal(missing.length, 1);
    assert.equal(missing[0].weight, WEIGHT.noToken.missing);
    assert.equal(missing[0].proven, true);
    const arm = noToken.run(
      gatherFacts({ request: null, response: { status: 401, headers: [['WWW-Authenticate', `Bearer error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`]] }, settings, now: NOW }),
    );
    assert.equal(arm.length, 1);
    assert.equal(arm[0].stated, true);
    assert.equal(arm[0].weight, WEIGHT.noToken.stated);
    assert.deepEqual(noToken.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });

  it('malformed: an unreadable token is proven; a readable one gives nothing', async () => {
    const good = pcUser(['pwd', 'mfa']);
    const bad = malformed.run(gatherFacts(input(good.split('.')[0] + '.e30x.sig')));
    assert.equal(bad[0]?.code, 'malformed');
    assert.equal(bad[0].weight, WEIGHT.malformed.unreadable);
    assert.deepEqual(malformed.run(gatherFacts(input(good))), []);
  });

  it('lifetime: expired and not-yet-valid at the judgement time, nothing for a valid token', async () => {
    const old = pcUser(['pwd', 'mfa'], { exp: NOW_S - 3600 });
    const e = lifetime.run(gatherFacts(input(old)));
    assert.deepEqual(e.map((c) => [c.code, c.weight]), [['expired', WEIGHT.lifetime.expiredConfirmed]]);
    const future = pcUser(['pwd', 'mfa'], { nbf: NOW_S + 3600, iat: NOW_S + 3600 });
    assert.deepEqual(lifetime.run(gatherFacts(input(future))).map((c) => c.code), ['not-yet-valid']);
    assert.deepEqual(lifetime.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });

  it('audience: a Graph token sent to Partner Center, nothing for the right audience', async () => {
    const a = audience.run(gatherFacts(input(graphUser())));
    assert.equal(a[0]?.weight, WEIGHT.audience.inRequest);
    assert.deepEqual(audience.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });

  it('mfa: proven by amr, stated by the reason phrase, nothing with mfa and no words', async () => {
    const p = mfa.run(gatherFacts(input(pcUser(['pwd']))));
    assert.equal(p[0].proven, true);
    assert.equal(p[0].weight, WEIGHT.mfa.error + WEIGHT.mfa.pcShapeBonus);
    const s = mfa.run(gatherFacts({ request: null, response: { status: 401, statusText: 'Unauthorized - MFA required', headers: INVALID }, settings, now: NOW }));
    assert.equal(s[0].stated, true);
    assert.equal(s[0].weight, WEIGHT.mfa.saidAlone);
    assert.deepEqual(mfa.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });

  it('appOnly: an app-only token to a customer operation; the server saying so; nothing for a user token', async () => {
    const tok = pcApp();
    const c = appOnly.run(gatherFacts(input(tok, {}, `${PC}/c1/users`)));
    assert.equal(c[0].weight, WEIGHT.appOnly.customerOperation);
    const said = appOnly.run(
      gatherFacts({ request: null, response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="invalid_token", error_description="App-only authentication is not supported for this operation"']] }, settings, now: NOW }),
    );
    assert.equal(said[0].stated, true);
    assert.deepEqual(appOnly.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });

  it('claimsChallenge: insufficient_claims and RFC 9470 step-up; nothing for a bare invalid_token', () => {
    const ic = claimsChallenge.run(gatherFacts({ request: null, response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="']] }, settings, now: NOW }));
    assert.equal(ic[0].weight, WEIGHT.claims.insufficientClaims);
    const up = claimsChallenge.run(gatherFacts({ request: null, response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="insufficient_user_authentication", max_age="5"']] }, settings, now: NOW }));
    assert.deepEqual(up[0].values?.asks, ['max_age=5']);
    assert.deepEqual(claimsChallenge.run(gatherFacts(input(null))), []);
  });

  it('scope: RFC 6750 insufficient_scope, a 403 with a token, nothing for a plain 401', async () => {
    const s = scope.run(gatherFacts({ request: null, response: { status: 403, headers: [['WWW-Authenticate', 'Bearer error="insufficient_scope", scope="a b"']] }, settings, now: NOW }));
    assert.equal(s[0].weight, WEIGHT.scope.insufficientScope);
    const f = scope.run(gatherFacts(input(pcUser(['pwd', 'mfa']), { response: { status: 403, headers: [] } })));
    assert.equal(f[0].weight, WEIGHT.scope.forbidden);
    assert.deepEqual(scope.run(gatherFacts(input(pcUser(['pwd', 'mfa'])))), []);
  });
});

describe('diagnose ranking (docs/codes.md)', () => {
  it('13.2: the reason phrase "MFA required" makes mfa-missing first and high, whatever else the token has', async () => {
    // An expired Graph token without MFA: audience and lifetime would rank first by weight alone.
    const tok = graphUser({ amr: ['pwd'], exp: NOW_S - 7200, iat: NOW_S - 9000, nbf: NOW_S - 9000 });
    const d = diagnose(input(tok, { response: { status: 401, statusText: 'Unauthorized - MFA required', headers: INVALID } }));
    assert.equal(d.causes[0].code, 'mfa-missing');
    assert.equal(d.causes[0].confidence, 'high');
    assert.equal(d.causes[0].basis, 'stated');
    // Partner Center checked MFA, so the token passed the checks before it: those rank after, low.
    for (const c of d.causes.slice(1)) {
      assert.ok(['audience-mismatch', 'expired'].includes(c.code), c.code);
      assert.equal(c.basis, 'passed');
      assert.equal(c.confidence, 'low');
      assert.ok(c.evidence.some((e) => e.includes('the server got past this check') && e.includes('MFA required')), c.evidence.join(' | '));
    }
    assert.ok(!codes(d).includes('unknown'));
  });

  it('13.2: an error_description that says what failed makes its cause high, with no unknown beside it', () => {
    const d = diagnose({
      request: null,
      response: { status: 401, statusText: 'Unauthorized', headers: [['WWW-Authenticate', 'Bearer error="invalid_token", error_description="App-only authentication is not supported for this operation"']] },
      settings,
      now: NOW,
    });
    assert.deepEqual(codes(d), ['app-only']);
    assert.equal(d.causes[0].confidence, 'high');
    assert.match(renderCauses(d, 'en')[0].summary, /App-only authentication is not supported/);
    assert.match(renderCauses(d, 'ja')[0].summary, /アプリのみのトークンを受け付けない/);
  });

  it('13.2: unknown never appears beside a cause that cites the same evidence', async () => {
    // A weak hint that cites the WWW-Authenticate header: no unknown beside it.
    const d = diagnose({ request: null, response: { status: 401, headers: [['WWW-Authenticate', 'Bearer realm="x"']] }, settings, now: NOW });
    assert.deepEqual(codes(d), ['no-token']);
    // Nothing explains it: unknown, citing the response.
    const tok = pcUser(['pwd', 'mfa']);
    const u = diagnose(input(tok, {}, GRAPH.replace('graph.microsoft.com', 'api.example.com')));
    assert.deepEqual(codes(u), ['unknown']);
    assert.ok(u.causes[0].evidence.includes('WWW-Authenticate: Bearer error="invalid_token"'));
  });

  it('stated outranks proven outranks hinted; a stated cause the token contradicts is not "stated"', async () => {
    // The server says expired; the token shows MFA missing for Partner Center.
    const tok = pcUser(['pwd'], { exp: NOW_S - 3600 });
    const d = diagnose(input(tok, { response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="invalid_token", error_description="The access token expired"']] } }));
    assert.deepEqual(
      d.causes.map((c) => [c.code, c.basis]),
      [
        ['expired', 'stated'],
        ['mfa-missing', 'proven'],
      ],
    );
    // "MFA required" although the token has mfa: the server's word stands but is contradicted.
    const c = diagnose(input(pcUser(['pwd', 'mfa']), { response: { status: 401, headers: [], body: '{"code":900421,"description":"MFA required"}' } }));
    assert.equal(c.causes[0].code, 'mfa-missing');
    assert.notEqual(c.causes[0].basis, 'stated');
    assert.equal(c.causes[0].confidence, 'medium');
  });
});

describe('diagnose: lifetime judged at the time of the exchange (13.1)', () => {
  it('judgementTime: HAR startedDateTime, else the response Date header, else now', () => {
    const res = { status: 401, headers: [['Date', 'Thu, 14 Feb 2019 21:54:58 GMT']] as Array<[string, string]> };
    assert.deepEqual(judgementTime({ exchangeTime: '2019-02-14T21:50:00.000Z', response: res, now: NOW }), { ms: Date.UTC(2019, 1, 14, 21, 50), source: 'exchange' });
    assert.deepEqual(judgementTime({ response: res, now: NOW }), { ms: Date.UTC(2019, 1, 14, 21, 54, 58), source: 'date-header' });
    assert.deepEqual(judgementTime({ exchangeTime: 'garbage', response: { status: 401, headers: [['Date', 'not a date']] }, now: NOW }), { ms: NOW, source: 'now' });
  });

  it('a HAR recorded while its token was valid, read a day later, does not name expired', async () => {
    const recorded = NOW - 86400_000;
    const tok = pcUser(['pwd'], { iat: recorded / 1000 - 600, nbf: recorded / 1000 - 600, exp: recorded / 1000 + 3000 });
    const har = harText([harEntry({ url: PC, auth: `Bearer ${tok}`, status: 401, statusText: 'Unauthorized', resHeaders: INVALID, startedDateTime: new Date(recorded).toISOString() })]);
    const [x] = listExchanges(har, 'capture.har');
    assert.equal(x.startedAt, new Date(recorded).toISOString());
    const d = diagnose({ request: { method: 'GET', url: PC, headers: x.request!.headers }, response: x.response!, source: 'har', settings, now: NOW, exchangeTime: x.startedAt });
    assert.equal(d.causes[0].code, 'mfa-missing');
    assert.ok(!codes(d).includes('expired'), codes(d).join());
    assert.deepEqual(d.judgedAt, { ms: recorded, source: 'exchange' });
    assert.match(diagnosisText(d, 'en'), /Lifetime judged at: 2026-04-01T10:00:00\.000Z \(when the request was sent/);
    assert.match(diagnosisText(d, 'ja'), /有効期間の判定時刻: 2026-04-01T10:00:00\.000Z（要求の送信時/);
    // The inspector's card says the same, in the same words.
    assert.equal(diagnosisView(d, 'en').judged, 'Lifetime judged at: 2026-04-01T10:00:00.000Z (when the request was sent)');
    assert.equal(diagnosisView(d, 'ja').judged, '有効期間の判定時刻: 2026-04-01T10:00:00.000Z（要求の送信時）');
    // Read at its own time, the same token read against now is expired: the time matters.
    const late = diagnose({ request: { method: 'GET', url: PC, headers: x.request!.headers }, response: x.response!, source: 'har', settings, now: NOW });
    assert.ok(codes(late).includes('expired'));
    assert.equal(diagnosisView(late, 'en').judged, `Lifetime judged at: ${new Date(NOW).toISOString()} (now: the capture has no time)`);
  });

  it('a raw response with a Date header is judged at that date, and the summary says so', async () => {
    const date = Date.UTC(2019, 1, 14, 21, 54, 58);
    const tok = pcUser(['pwd'], { iat: date / 1000 - 4000, nbf: date / 1000 - 4000, exp: date / 1000 - 600 });
    const d = diagnose({ request: null, token: tok, response: { status: 401, statusText: 'Unauthorized', headers: [...INVALID, ['Date', 'Thu, 14 Feb 2019 21:54:58 GMT']] }, settings, now: NOW });
    assert.equal(d.judgedAt.source, 'date-header');
    const exp = d.causes.find((c) => c.code === 'expired')!;
    assert.ok(exp, codes(d).join());
    assert.match(renderCauses(d, 'en').find((c) => c.code === 'expired')!.summary, /10 minutes before the response's Date/);
    assert.match(renderCauses(d, 'ja').find((c) => c.code === 'expired')!.summary, /応答の Date ヘッダーの時刻より 10 分前/);
  });

  it('docs/codes.md writes the ranking rules down', () => {
    const doc = readFileSync(new URL('../../docs/codes.md', import.meta.url), 'utf8');
    assert.match(doc, /## How causes are ranked/);
    for (const w of ['stated', 'proven', 'hinted', 'passed', 'startedDateTime', '`Date`']) assert.ok(doc.includes(w), w);
  });
});
