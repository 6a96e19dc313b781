// The shared real-world corpus (../shared/corpus: public material nobody here wrote, see its README
// and SOURCES.md), read in place, never copied. Expected results come from what each source says:
// the RFC text, Microsoft's docs, Reschke's httpauth suite (as transcribed in w3ap's ReschkeSpec and
// mozilla-central's test_authentication.js), the Azure SDK parser tables, and docs/codes.md.
// The padded-token and stripped-signature files belong to the scanner's own corpus tests.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../src/core/analyze';
import { diagnose, renderCauses, type Diagnosis } from '../../src/core/diagnose';
import { listExchanges } from '../../src/core/http/exchange';
import { findRawResponses } from '../../src/core/http/rawResponse';
import { challengesOf, decodeClaimsChallenge } from '../../src/core/http/wwwAuthenticate';
import { compactPaste } from '../../src/core/paste';
import { decode } from '../../src/core/decode';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { NOW } from './helpers/fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };

const read = (rel: string) => readFileSync(path.join(CORPUS, rel), 'utf8');
const scanFile = (rel: string) => analyzeText(read(rel), { fileName: rel, settings, now: NOW });
const lower = (cs: ReturnType<typeof challengesOf>) => cs.map((c) => ({ scheme: c.scheme.toLowerCase(), ...(c.token68 !== undefined ? { token68: c.token68 } : {}), params: { ...c.params } }));

function responseOf(rel: string) {
  const rs = findRawResponses(read(rel));
  assert.equal(rs.length, 1, `${rel}: one response`);
  return rs[0];
}

function diagnoseFile(rel: string): Diagnosis {
  const r = responseOf(rel);
  return diagnose({ request: null, response: r, source: 'raw', settings, now: NOW });
}

describe('corpus (../shared/corpus, read in place)', () => {
  before(function () {
    if (!existsSync(path.join(CORPUS, 'SOURCES.md'))) throw new Error(`the shared corpus is missing at ${CORPUS}`);
  });

  it('every file SOURCES.md lists is present, and no test here copies one', () => {
    const listed = [...read('SOURCES.md').matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
    assert.ok(listed.length >= 100, String(listed.length));
    for (const f of listed) assert.ok(existsSync(path.join(CORPUS, f)), f);
    assert.ok(!existsSync(path.join(ROOT, 'test/fixtures/corpus')));
  });

  describe("WWW-Authenticate: Reschke's httpauth cases give the results the suite documents (13.6)", () => {
    const realm = (r: string, scheme = 'basic') => [{ scheme, params: { realm: r } }];
    const cases: Record<string, unknown> = {
      simplebasic: realm('foo'),
      simplebasiclf: realm('foo'),
      simplebasicucase: realm('foo'),
      simplebasicpct: realm('foo%20bar'),
      // RFC 9110 §5.6.1: empty list elements are allowed between the scheme and its parameter.
      simplebasiccomma: realm('foo'),
      simplebasicrealmsqc2: realm('"foo"'),
      simplebasicrealmsqc: realm('foo'),
      simplebasicnewparam1: [{ scheme: 'basic', params: { realm: 'foo', bar: 'xyz', a: 'b', c: 'd' } }],
      simplebasicnewparam2: [{ scheme: 'basic', params: { bar: 'xyz', realm: 'foo' } }],
      simplebasicrealmrfc2047: realm('=?ISO-8859-1?Q?foo-=E4?='),
      multibasicunknown: [...realm('basic'), ...realm('newauth', 'newauth')],
      multibasicunknown2: [...realm('newauth', 'newauth'), ...realm('basic')],
      multibasicunknown2mf: [...realm('newauth', 'newauth'), ...realm('basic')],
      multibasicunknown2np: [{ scheme: 'newauth', params: {} }, ...realm('basic')],
      multibasicunknownnoparam: [...realm('basic'), { scheme: 'newauth', params: {} }],
      multibasicempty: realm('basic'),
      multibasicqs: [{ scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } }, ...realm('simple')],
      // The suite's table: the Newauth challenge keeps its "basic" parameter, then a Basic challenge.
      multidisgscheme: [{ scheme: 'newauth', params: { realm: 'Newauth Realm', basic: 'foo' } }, ...realm('Basic Realm')],
      unknown: realm('newauth', 'newauth'),
      disguisedrealm: [{ scheme: 'basic', params: { foo: 'realm=nottherealm', realm: 'basic' } }],
      disguisedrealm2: [{ scheme: 'basic', params: { nottherealm: 'nottherealm', realm: 'basic' } }],
    };
    const files = readdirSync(path.join(CORPUS, 'wwwauth')).filter((f) => f.startsWith('greenbytes_'));
    it('covers every greenbytes file of the corpus', () => assert.deepEqual(files.map((f) => f.slice(11, -4)).sort(), Object.keys(cases).sort()));
    for (const [name, expected] of Object.entries(cases)) {
      it(name, () => assert.deepEqual(lower(challengesOf(responseOf(`wwwauth/greenbytes_${name}.txt`).headers)), expected));
    }
    it('token68 with and without padding, alone and before Basic (w3ap)', () => {
      const t68 = { noeq: 'Y2hhbGxlbmdlIHdpdGggYmFzZTY0IGRhdGEgd2l0aG91dCBlcXVhbCBzaWdu', eq: 'Y2hhbGxlbmdlIHdpdGggYmFzZTY0IGRhdGE=', eqeq: 'Y2hhbGxlbmdlIHdpdGggbW9yZSBiYXNlNjQgZGF0YQ==' };
      for (const [k, v] of Object.entries(t68)) {
        assert.deepEqual(lower(challengesOf(responseOf(`wwwauth/w3ap_token68_${k}.txt`).headers)), [{ scheme: 'ntls', token68: v, params: {} }], k);
        assert.deepEqual(lower(challengesOf(responseOf(`wwwauth/w3ap_token68_${k}_basic.txt`).headers)), [{ scheme: 'ntls', token68: v, params: {} }, ...realm('foobar')], `${k}_basic`);
      }
    });
  });

  describe('WWW-Authenticate: the Azure SDK parser tables', () => {
    const params = (rel: string) => challengesOf(responseOf(rel).headers).map((c) => [c.scheme, c.params] as const);
    it('ARM, Key Vault, Storage (unquoted, space separated), claims first', () => {
      assert.deepEqual(params('wwwauth/azsdk_net_Arm.txt'), [
        ['Bearer', { authorization_uri: 'https://login.windows.net/', error: 'invalid_token', error_description: "The authentication failed because of missing 'Authorization' header." }],
      ]);
      assert.deepEqual(params('wwwauth/azsdk_net_KeyVault.txt'), [['Bearer', { authorization: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47', resource: 'https://vault.azure.net' }]]);
      assert.deepEqual(params('wwwauth/azsdk_net_Storage.txt'), [
        ['Bearer', { authorization_uri: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize', resource_id: 'https://storage.azure.com' }],
      ]);
      const first = params('wwwauth/azsdk_go_ClaimsFirst.txt')[0][1];
      assert.equal(first.claims, 'eyJhY2Nlc3NfdG9rZW4iOiB7ImZvbyI6ICJiYXIifX0=');
      assert.equal(first.error, 'insufficient_claims');
    });
    it('several challenges in one field, with and without a space after the comma; PoP beside Bearer', () => {
      assert.deepEqual(params('wwwauth/azsdk_net_Multiple.txt').map(([s, p]) => [s, p.error ?? p.resource]), [
        ['Bearer', 'insufficient_claims'],
        ['Bearer', 'invalid_token'],
        ['Bearer', 'https://vault.azure.net'],
        ['Bearer', 'invalid_token'],
      ]);
      assert.deepEqual(params('wwwauth/azsdk_py_MultipleNoSpace.txt').map(([, p]) => p.error_description ?? p.error), ['insufficient_claims', 'User session has been revoked']);
      assert.deepEqual(params('wwwauth/azsdk_net_PopWithBearer.txt').map(([s, p]) => [s, p.client_id]), [
        ['PoP', '00000003-0000-0000-c000-000000000000'],
        ['Bearer', '00000003-0000-0000-c000-000000000001'],
      ]);
      // The Python table's IP-policy claims value has no base64 padding, and still decodes.
      const ip = decodeClaimsChallenge(params('wwwauth/azsdk_py_IpPolicy.txt')[0][1].claims);
      assert.deepEqual(ip.json, { access_token: { nbf: { essential: true, value: '1610563006' }, xms_rp_ipaddr: { value: '1.2.3.4' } } });
    });
  });

  describe('responses as people paste them (13.5)', () => {
    it('RFC 6750 §3 as printed: indented, the header continued on more indented lines', () => {
      const r = responseOf('wwwauth/rfc6750_3_invalid_token_expired.txt');
      assert.equal(r.status, 401);
      assert.deepEqual(lower(challengesOf(r.headers)), [{ scheme: 'bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } }]);
      assert.deepEqual(lower(challengesOf(responseOf('wwwauth/rfc6750_3_no_credentials.txt').headers)), [{ scheme: 'bearer', params: { realm: 'example' } }]);
    });
    it('Entra docs: "HTTP 401; Unauthorized", a blank line, then "www-authenticate =Bearer …"', () => {
      const r = responseOf('wwwauth/entra_claims_challenge_doc_verbatim.txt');
      assert.equal(r.status, 401);
      assert.equal(r.statusText, 'Unauthorized');
      const [c] = challengesOf(r.headers);
      assert.equal(c.params.error, 'insufficient_claims');
      assert.deepEqual(decodeClaimsChallenge(c.params.claims).json, { access_token: { acrs: { essential: true, value: 'cp1' } } });
      // The same challenge as the normalised copy of the same doc.
      assert.deepEqual(challengesOf(r.headers), challengesOf(responseOf('wwwauth/entra_claims_challenge_doc.txt').headers));
    });
    it('a sentence that starts with "HTTP 404" is not a response; a request block is not either', () => {
      assert.deepEqual(findRawResponses('HTTP 404 errors are common when the path is wrong, as the next section explains.\nSee below.'), []);
      assert.deepEqual(findRawResponses(read('nontoken/rfc6750_section2_requests.txt')), []);
    });
  });

  describe('diagnose over every 401 of the corpus', () => {
    const top = (rel: string) => {
      const d = diagnoseFile(rel);
      return [d.causes[0].code, d.causes[0].confidence] as const;
    };
    it("Partner Center's documented MFA rejection: mfa-missing, high (Partner Center docs)", () => {
      assert.deepEqual(top('wwwauth/partner_center_mfa_required.txt'), ['mfa-missing', 'high']);
      const d = diagnoseFile('wwwauth/partner_center_mfa_required.txt');
      assert.deepEqual(d.judgedAt, { ms: Date.UTC(2019, 1, 14, 21, 54, 58), source: 'date-header' });
      assert.deepEqual(d.correlation.map(([n]) => n), ['Request-Context']);
    });
    it('with Microsoft\'s v1 sample token given apart, still mfa-missing first; its expiry is judged at the response Date', () => {
      const token = read('entra/tokens/v1_access_token.txt').trim();
      const r = responseOf('wwwauth/partner_center_mfa_required.txt');
      const d = diagnose({ request: null, token, response: r, source: 'raw', settings, now: NOW });
      assert.equal(d.causes[0].code, 'mfa-missing');
      assert.equal(d.causes[0].confidence, 'high');
      assert.deepEqual(d.causes[0].values.amr, ['wia']);
      for (const c of d.causes.slice(1)) assert.equal(c.basis, 'passed', c.code);
      // exp 2018-09-18, the response is dated 2019-02-14: "4 months", not "~3000 d" after reading it in 2026.
      assert.match(renderCauses(d, 'en').find((c) => c.code === 'expired')!.summary, /4 months before the response's Date/);
      assert.ok(!JSON.stringify(renderCauses(d, 'en')).includes(token));
    });
    it('RFC 6750: "The access token expired" is expired, stated; a challenge without an error code means no token', () => {
      assert.deepEqual(top('wwwauth/rfc6750_3_invalid_token_expired.txt'), ['expired', 'high']);
      assert.deepEqual(top('wwwauth/rfc6750_3_no_credentials.txt')[0], 'no-token');
      assert.deepEqual(top('wwwauth/azsdk_net_KeyVault.txt')[0], 'no-token');
      assert.deepEqual(top('wwwauth/azsdk_net_Storage.txt')[0], 'no-token');
    });
    it("ARM's \"missing 'Authorization' header\" is no-token in the server's words, with no unknown beside it", () => {
      const d = diagnoseFile('wwwauth/azsdk_net_Arm.txt');
      assert.deepEqual(d.causes.map((c) => [c.code, c.confidence, c.basis]), [['no-token', 'high', 'stated']]);
    });
    it('claims challenges (Entra docs, CAE, the SDK tables) and RFC 9470 step-up', () => {
      for (const f of ['entra_cae_doc', 'entra_claims_challenge_doc', 'entra_claims_challenge_doc_verbatim', 'azsdk_go_ClaimsFirst', 'azsdk_net_CaeInsufficientClaims', 'azsdk_net_CaeSessionsRevoked', 'azsdk_py_IpPolicy', 'azsdk_net_Multiple', 'azsdk_py_MultipleNoSpace']) {
        assert.deepEqual(top(`wwwauth/${f}.txt`), ['claims-challenge', 'high'], f);
        assert.ok(!diagnoseFile(`wwwauth/${f}.txt`).causes.some((c) => c.code === 'unknown'), f);
      }
      assert.deepEqual(diagnoseFile('wwwauth/entra_cae_doc.txt').causes[0].values.asks, ['access_token.nbf=1604106651 (essential)']);
      assert.deepEqual(diagnoseFile('wwwauth/rfc9470_acr_values.txt').causes[0].values.asks, ['acr_values=myACR']);
      assert.deepEqual(diagnoseFile('wwwauth/rfc9470_max_age.txt').causes[0].values.asks, ['max_age=5']);
    });
    it('Basic, Newauth and NTLS challenges alone explain nothing about a bearer token: unknown, citing the challenge', () => {
      for (const f of readdirSync(path.join(CORPUS, 'wwwauth')).filter((x) => x.startsWith('greenbytes_') || x.startsWith('w3ap_'))) {
        const d = diagnoseFile(`wwwauth/${f}`);
        assert.deepEqual(d.causes.map((c) => c.code), ['unknown'], f);
        assert.ok(d.causes[0].evidence.some((e) => e.startsWith('WWW-Authenticate:')), f);
      }
    });
  });

  describe('scan and decode: JOSE examples', () => {
    it('RFC 7515 A.1–A.3 and RFC 7519 §3.1: JWTs with iss "joe" and exp 1300819380', () => {
      for (const f of ['rfc7515_A1_hs256', 'rfc7515_A2_rs256', 'rfc7515_A3_es256']) {
        const [t] = scanFile(`jose/${f}.txt`);
        assert.equal(t.decoded.claims?.iss, 'joe', f);
        assert.equal(t.decoded.claims?.exp, 1300819380, f);
        assert.equal(t.decoded.claims?.['http://example.com/is_root'], true, f);
      }
    });
    it('RFC 7515 A.4 and the RFC 7520 cookbook: a JWS whose payload is text is not a JWT, not malformed (13.10)', () => {
      const [a4] = scanFile('jose/rfc7515_A4_es512.txt');
      assert.equal(a4.decoded.payloadText, 'Payload');
      assert.deepEqual(a4.findings.map((f) => f.code), ['not-jwt']);
      const cookbook = scanFile('jose/panva_jose_cookbook_jws.tokens.txt');
      assert.equal(cookbook.length, 8);
      for (const t of cookbook) assert.deepEqual(t.findings.map((f) => f.code), ['not-jwt']);
      assert.match(cookbook[0].decoded.payloadText!, /^It’s a dangerous business, Frodo/);
      const [cjose] = scanFile('jose/cjose_JWS_COMMON_assembled.txt');
      assert.deepEqual(cjose.findings.map((f) => f.code), ['not-jwt']);
    });
    it('RFC 7515 A.5 and RFC 7519 §6.1: unsigned (alg none)', () => {
      const [a5] = scanFile('jose/rfc7515_A5_none.txt');
      assert.ok(a5.findings.some((f) => f.code === 'unsigned'));
    });
    it('RFC 7516 appendix A and RFC 7519 A.1/A.2: JWEs with the enc the RFC names', () => {
      assert.deepEqual(scanFile('jose/rfc7516_appendixA.txt').map((t) => [t.kind, t.decoded.header?.enc]), [
        ['jwe', 'A256GCM'],
        ['jwe', 'A128CBC-HS256'],
        ['jwe', 'A128CBC-HS256'],
      ]);
      const rfc7519 = scanFile('jose/rfc7519_examples.txt');
      assert.deepEqual(rfc7519.map((t) => t.kind), ['jws', 'jws', 'jwe', 'jwe']);
      assert.equal(rfc7519[3].decoded.header?.cty, 'JWT');
      assert.equal(scanFile('jose/panva_jose_cookbook_jwe.tokens.txt').filter((t) => t.kind === 'jwe').length, 8);
    });
    it('RFC 7515 A.1 "with line breaks for display purposes only" decodes when pasted', () => {
      const d = decode(compactPaste(read('jose/rfc7515_A1_display.txt')));
      assert.equal(d.claims?.iss, 'joe');
    });
    it('library test tokens: one per line, read as their tests say', () => {
      for (const [f, n] of [
        ['jsonwebtoken_invalid_exp', 5],
        ['jsonwebtoken_jwt.malicious', 2],
        ['jsonwebtoken_undefined_secretOrPublickey', 1],
        ['jsonwebtoken_verify', 6],
        ['jsonwebtoken_wrong_alg', 1],
        ['jwt-decode_index', 5],
      ] as const) {
        const ts = scanFile(`jose/${f}.tokens.txt`);
        assert.equal(ts.length, n, f);
        assert.deepEqual(ts.map((t) => t.start), ts.map((_, i) => read(`jose/${f}.tokens.txt`).split('\n').slice(0, i).join('\n').length + (i ? 1 : 0)), f);
      }
      // jwt-decode's third token has a payload that is not UTF-8 ("José" in Latin-1): unreadable.
      assert.deepEqual(scanFile('jose/jwt-decode_index.tokens.txt')[2].findings.map((f) => f.code), ['malformed']);
    });
  });

  describe('scan: Microsoft samples and look-alikes', () => {
    it("Microsoft's v1 sample access token: amr wia, no mfa, a Graph-era audience", () => {
      const [t] = scanFile('entra/tokens/v1_access_token.txt');
      assert.deepEqual(t.decoded.claims?.amr, ['wia']);
      assert.equal(t.decoded.claims?.ver, '1.0');
    });
    it('nothing that is not a token is reported: PEM, SAML, Kubernetes secrets, lock files, perflogs, RFC 6750 opaque tokens, an elided JWE', () => {
      for (const f of readdirSync(path.join(CORPUS, 'nontoken'))) assert.deepEqual(scanFile(`nontoken/${f}`).length, 0, f);
    });
    it('httpyac and REST Client examples: only the literal tokens (jwt.io\'s sample in metaData_jwt.http, two in jwtToken.http)', () => {
      const all = (dir: string): string[] => readdirSync(path.join(CORPUS, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
      const found = all('http').map((f) => [f, scanFile(f).length] as const).filter(([, n]) => n > 0);
      assert.deepEqual(found.sort(), [
        ['http/httpyac/metaData_jwt.http', 1],
        ['http/httpyac/project_tests_jwtToken.http', 2],
      ]);
    });
  });

  describe('HAR captures', () => {
    it('Playwright and har-validator captures: no failures, so no causes; entries keep startedDateTime', () => {
      for (const f of readdirSync(path.join(CORPUS, 'har'))) {
        const xs = listExchanges(read(`har/${f}`), f);
        assert.ok(xs.length > 0, f);
        for (const x of xs) {
          assert.ok(x.startedAt && Number.isFinite(Date.parse(x.startedAt)), `${f}: startedAt`);
          if (!x.response || x.response.status === 0) continue;
          const d = diagnose({ request: x.request, response: x.response, source: 'har', settings, now: NOW, exchangeTime: x.startedAt });
          assert.equal(d.failure, false, `${f}: ${x.label}`);
          assert.equal(d.judgedAt.source, 'exchange');
        }
      }
    });
  });
});
