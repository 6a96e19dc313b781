// The vscode-free parts of "Replay Request & Diagnose": the send decision (trust, approved hosts),
// proxy choice, .http environments and refusal of unresolved variables, and the diagnosis section.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { diagnosisText } from '../../src/core/diagnosisText';
import { parseHttpFile } from '../../src/core/http/httpFile';
import { approvalOrigin, carriesCredential, isApprovedOrigin, isLoopbackHost, originOf, replayDecision, withApprovedOrigin } from '../../src/core/replayPolicy';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { challengeLine, diagnosisView } from '../../src/extension/inspector/viewModel';
import { bearerOf, httpEnvironmentNames, prepareHttpSend, PrepareError, proxyFor, readHttpEnvSources, replayHeaders, selectHttpEnvironment } from '../../src/node/replay';
import { HEADER, mint, NOW, NOW_S } from './helpers/fixtures';
import { fakeClock, httpEvents } from './helpers/send';

const TOKEN = mint({ aud: 'https://api.partnercenter.microsoft.com', iss: 'https://sts.windows.net/t/', amr: ['pwd'], scp: 'user_impersonation', iat: NOW_S - 60, exp: NOW_S + 3600, upn: 'a@b.c' }, HEADER, 'c2lnbmF0dXJlc2lnbmF0dXJl');

describe('replay decision (origins)', () => {
  const PC = 'https://api.partnercenter.microsoft.com';
  const withToken = { url: `${PC}/v1/customers`, headers: [['Authorization', `Bearer ${TOKEN}`]] as Array<[string, string]> };
  const decide = (request: Parameters<typeof replayDecision>[0]['request'], approved: string[], trusted = true) => replayDecision({ trusted, request, approved });

  it('refuses to send anything from an untrusted workspace, even to an approved origin or without a token', () => {
    assert.deepEqual(decide(withToken, [PC], false), { kind: 'refuse-untrusted' });
    assert.deepEqual(decide({ url: 'https://example.com/', headers: [] }, [], false), { kind: 'refuse-untrusted' });
  });

  it('asks before the first request to any origin, whatever it carries (issue 12.1)', () => {
    const hidden: Array<Parameters<typeof replayDecision>[0]['request']> = [
      { url: `${PC}/v1`, headers: [['X-Trace', `a${TOKEN}`]] },
      { url: `${PC}/v1?t=x${TOKEN}`, headers: [] },
      { url: `${PC}/v1`, headers: [], body: 'x'.repeat(2_100_000) + TOKEN },
      { url: `${PC}/v1`, headers: [['X-Api-Key', 'k-123456']] },
      { url: `${PC}/v1`, headers: [], body: '[default]\naws_secret_access_key = abc' },
      { url: `${PC}/v1`, headers: [['Accept', 'application/json']] },
    ];
    for (const r of hidden) assert.equal(decide(r, []).kind, 'ask', JSON.stringify(r).slice(0, 80));
    assert.deepEqual(decide(withToken, []), { kind: 'ask', origin: PC, credential: true });
    assert.deepEqual(decide({ url: `${PC}/x`, headers: [] }, []), { kind: 'ask', origin: PC, credential: false });
  });

  it('an approval is for one origin: scheme, host and port', () => {
    assert.deepEqual(decide(withToken, ['https://API.PartnerCenter.Microsoft.com']), { kind: 'send', origin: PC });
    assert.deepEqual(decide(withToken, [`${PC}:443`]), { kind: 'send', origin: PC });
    // A bare host name (an approval from before origins) stands for https on the default port only.
    assert.deepEqual(decide(withToken, ['api.partnercenter.microsoft.com']), { kind: 'send', origin: PC });
    assert.equal(decide({ url: 'https://api.partnercenter.microsoft.com:8443/v1', headers: [] }, [PC, 'api.partnercenter.microsoft.com']).kind, 'ask');
    assert.equal(decide({ url: 'http://api.partnercenter.microsoft.com/v1', headers: [] }, [PC]).kind, 'ask');
    assert.equal(decide({ url: 'http://127.0.0.1:9/x', headers: [] }, ['127.0.0.1']).kind, 'ask');
    assert.equal(decide({ url: 'http://127.0.0.1:9/x', headers: [] }, ['http://127.0.0.1:9']).kind, 'send');
    assert.equal(decide(withToken, ['partnercenter.microsoft.com']).kind, 'ask');
    assert.equal(decide(withToken, [`${PC}/v1`]).kind, 'ask', 'an entry with a path is not an origin');
    assert.equal(decide({ url: 'file:///etc/passwd', headers: [] }, []).kind, 'refuse-url');
  });

  it('never sends a credential over plain http, except to loopback (issue 12.2)', () => {
    const http = 'http://api.partnercenter.microsoft.com';
    assert.deepEqual(decide({ url: `${http}/v1`, headers: [['Authorization', `Bearer ${TOKEN}`]] }, [http]), { kind: 'refuse-cleartext', origin: http });
    assert.equal(decide({ url: `${http}/v1`, headers: [['Ocp-Apim-Subscription-Key', 'abcdef']] }, [http]).kind, 'refuse-cleartext');
    assert.equal(decide({ url: `${http}/v1`, headers: [['X-Trace', 'a-secret-value']], secrets: ['secret-value'] }, [http]).kind, 'refuse-cleartext');
    assert.equal(decide({ url: `${http}/v1`, headers: [], body: `{"t":"${TOKEN}"}` }, [http]).kind, 'refuse-cleartext');
    assert.equal(decide({ url: `${http}/v1`, headers: [['Accept', '*/*']] }, [http]).kind, 'send');
    for (const lo of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9']) assert.equal(decide({ url: `${lo}/v1`, headers: [['Authorization', `Bearer ${TOKEN}`]] }, [lo]).kind, 'send', lo);
    assert.ok(isLoopbackHost('127.1.2.3') && !isLoopbackHost('127.0.0.1.evil.example') && !isLoopbackHost('localhost.evil.example'));
  });

  it('counts credential headers, cookies, known secret values and a JWT anywhere as a credential', () => {
    assert.ok(carriesCredential({ url: 'https://h/', headers: [['authorization', 'Basic dTpw']] }));
    assert.ok(carriesCredential({ url: 'https://h/', headers: [['Cookie', 'a=b']] }));
    assert.ok(carriesCredential({ url: `https://h/?access_token=${TOKEN}`, headers: [] }));
    assert.ok(carriesCredential({ url: 'https://h/', headers: [], body: `{"t":"${TOKEN}"}` }));
    assert.ok(carriesCredential({ url: 'https://h/?t=xsecret1', headers: [], secrets: ['secret1'] }));
    assert.ok(!carriesCredential({ url: 'https://h/', headers: [['Authorization', '  ']] }));
  });

  it('stores origins only, once', () => {
    assert.equal(originOf(`https://user:${TOKEN}@Api.Example.com:8443/p?q=${TOKEN}`), 'https://api.example.com:8443');
    assert.deepEqual(withApprovedOrigin(['https://a.example'], 'https://B.example/x'), ['https://a.example', 'https://b.example']);
    assert.deepEqual(withApprovedOrigin(['b.example'], 'https://B.EXAMPLE'), ['b.example']);
    assert.ok(isApprovedOrigin('http://127.0.0.1:8080', ['http://127.0.0.1:8080']));
    assert.ok(!isApprovedOrigin('http://127.0.0.1:8081', ['http://127.0.0.1:8080']));
    assert.equal(approvalOrigin('https://h.example/path'), undefined);
    assert.equal(approvalOrigin('https://u:p@h.example'), undefined);
    assert.equal(approvalOrigin(42), undefined);
  });
});

describe('replay preparation', () => {
  it('chooses no proxy for loopback or NO_PROXY hosts, VS Code http.proxy before the environment', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: '.internal' };
    assert.equal(proxyFor('https://127.0.0.1/x', env, { proxy: 'http://p:1' }), undefined);
    assert.equal(proxyFor('https://svc.internal/x', env), undefined);
    assert.equal(proxyFor('https://api.example.com/x', env), 'http://env-proxy:3128');
    assert.equal(proxyFor('https://api.example.com/x', env, { proxy: 'http://vs-proxy:8080' }), 'http://vs-proxy:8080');
    assert.equal(proxyFor('https://api.example.com/x', env, { proxy: 'http://vs-proxy:8080', noProxy: ['*.example.com'] }), undefined);
    assert.equal(proxyFor('http://api.example.com/x', {}), undefined);
  });

  it('keeps no hop-by-hop or pseudo headers, and reads the bearer sent', () => {
    const h = replayHeaders([[':authority', 'x'], ['Connection', 'keep-alive'], ['Authorization', `Bearer ${TOKEN}`], ['Accept', '*/*']]);
    assert.deepEqual(h.map(([n]) => n), ['Authorization', 'Accept']);
    assert.equal(bearerOf(h), TOKEN);
  });

  it('selects REST Client ($shared + chosen) and JetBrains environments, and names an unknown one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jwt-replay-'));
    writeFileSync(path.join(dir, 'http-client.env.json'), '{ "dev": { "host": "http://dev.example" }, }');
    const rc = { $shared: { host: 'http://shared.example', who: 'all' }, prod: { host: 'http://prod.example' } };
    const src = await readHttpEnvSources(dir, rc);
    assert.deepEqual(httpEnvironmentNames(src), ['dev', 'prod']);
    assert.deepEqual(selectHttpEnvironment(src, 'prod').environment, { host: 'http://prod.example', who: 'all' });
    assert.equal(selectHttpEnvironment(src, 'dev').environment?.host, 'http://dev.example');
    assert.equal(selectHttpEnvironment(src, undefined).environment?.host, 'http://shared.example');
    assert.throws(() => selectHttpEnvironment(src, 'staging'), (e: Error) => e instanceof PrepareError && /"staging" not found \(known: dev, prod/.test(e.message));
  });

  it('refuses a request with an unresolved variable, naming it, and prepares a resolved one', async () => {
    const text = `@token = ${TOKEN}\nGET {{host}}/v1/customers\nAuthorization: Bearer {{token}}\n\n###\nGET http://127.0.0.1/v1\nAuthorization: Bearer {{missing}}\n`;
    const parse = { environment: { host: 'http://127.0.0.1:1' } };
    const file = parseHttpFile(text, parse);
    const p = await prepareHttpSend(file, file.requests[0], { parse, label: 'request 1' });
    assert.equal(p.send.url, 'http://127.0.0.1:1/v1/customers');
    assert.equal(bearerOf(p.send.headers), TOKEN);
    await assert.rejects(prepareHttpSend(file, file.requests[1], { parse, label: 'request 2' }), (e: Error) => e instanceof PrepareError && /\{\{missing\}\}/.test(e.message) && /nothing was sent/.test(e.message));
  });
});

describe('diagnosis section and text', () => {
  const d = diagnose({
    request: { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', headers: [['Authorization', `Bearer ${TOKEN}`]] },
    response: {
      status: 401,
      statusText: 'Unauthorized - MFA required',
      headers: [['WWW-Authenticate', 'Bearer error="invalid_token", realm="a\\"b"'], ['MS-CorrelationId', 'c0ffee'], ['MS-RequestId', 'r1']],
    },
    settings: DEFAULT_SETTINGS,
    now: NOW,
  });

  it('shows the request line, status and reason, challenges, token verdicts, causes and correlation ids', () => {
    const v = diagnosisView(d, 'en');
    assert.equal(v.request, 'GET https://api.partnercenter.microsoft.com/v1/customers');
    assert.equal(v.status, '401 Unauthorized - MFA required');
    assert.deepEqual(v.challenges, ['Bearer error="invalid_token", realm="a\\"b"']);
    assert.ok(v.token && v.token.verdicts.some((x) => x.code === 'mfa-missing'));
    assert.equal(v.causes[0].code, 'mfa-missing');
    assert.deepEqual(v.correlation, [{ name: 'MS-CorrelationId', value: 'c0ffee' }, { name: 'MS-RequestId', value: 'r1' }]);
    assert.equal(v.labels?.copyCorrelation, 'Copy correlation ids');
    assert.ok(!JSON.stringify(v).includes(TOKEN.split('.')[1]), 'no token payload in the section');
  });

  it('writes text without the token', () => {
    const t = diagnosisText(d, 'en');
    assert.match(t, /Response: 401 Unauthorized - MFA required/);
    assert.match(t, /1\. \[high\] mfa-missing/);
    assert.ok(!t.includes(TOKEN.split('.')[1]));
  });

  it('renders a token68 challenge', () => {
    assert.equal(challengeLine({ scheme: 'Negotiate', token68: 'abc==', params: {} }), 'Negotiate abc==');
  });
});

describe('replay against the stand-in (node send)', () => {
  // Two stand-ins: two origins (127.0.0.1 on two ports).
  let a: import('../../test/stand-in').StandIn;
  let b: import('../../test/stand-in').StandIn;
  before(async () => {
    const { startStandIn } = await import('../../test/stand-in');
    a = await startStandIn();
    b = await startStandIn();
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('drops Authorization on a cross-origin redirect and keeps it on a same-origin one', async () => {
    const { send } = await import('../../src/node/send');
    const token = a.mint('mfa');
    const headers: Array<[string, string]> = [['Authorization', `Bearer ${token}`]];
    const cross = await send({ method: 'GET', url: `${a.url}/redirect?to=${encodeURIComponent(`${b.url}/echo`)}`, headers }, { approveOrigin: (o) => o === new URL(b.url).origin });
    assert.equal(cross.status, 200);
    assert.deepEqual(JSON.parse(cross.body), { authorization: 'absent' });
    assert.deepEqual(b.received().at(-1), { method: 'GET', path: '/echo', authorization: false });
    assert.equal(cross.redirects[0].authorizationDropped, true);
    const same = await send({ method: 'GET', url: `${a.url}/redirect?to=/echo`, headers });
    assert.deepEqual(JSON.parse(same.body), { authorization: 'present' });
    assert.deepEqual(a.received().at(-1), { method: 'GET', path: '/echo', authorization: true });
  });

  it('times out on the hanging endpoint with a clear message', async () => {
    const { send, SendError } = await import('../../src/node/send');
    // A frozen clock: the deadline passes once the stand-in holds the request, not after real time.
    const clock = fakeClock();
    const events = httpEvents();
    try {
      events.onServerRequest('/hang', () => clock.elapse());
      await assert.rejects(send({ method: 'GET', url: `${a.url}/hang`, headers: [] }, { timeoutMs: 300, timers: clock.timers }), (e: Error) => e instanceof SendError && e.code === 'timeout' && /within 300 ms/.test(e.message));
      assert.deepEqual(clock.armed, [300]);
      assert.equal(events.clientRequests.at(-1)?.destroyed, true, 'the request is closed');
    } finally {
      events.off();
    }
  });

  it('serves what it received as JSON, without header values', async () => {
    const { send } = await import('../../src/node/send');
    const r = await send({ method: 'GET', url: `${a.url}/_received`, headers: [] });
    assert.ok(!r.body.includes('eyJ'));
    assert.ok((JSON.parse(r.body) as Array<{ path: string }>).some((x) => x.path === '/echo'));
  });
});
