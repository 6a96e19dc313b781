import assert from 'node:assert/strict';
import { AMR_VALUES, CLAIMS, explainAmr, explainClaim, HEADER_PARAMS } from '../../src/core/catalog/claims';
import { CAUSE_CODES, causeRemedy, causeSummary, causeTitle, type CauseValues } from '../../src/core/catalog/causes';
import { DIAGNOSIS_WORDS, diagnosisWord, localizeMarkers } from '../../src/core/catalog/diagnosis';
import { duration, findingTitle, renderFinding, toLocale } from '../../src/core/catalog/findings';
import { CARD_WORDS, cardWord } from '../../src/core/catalog/inspector';
import { useJapanese } from '../../src/core/catalog/japanese';
import { sendErrorText } from '../../src/core/catalog/sendErrors';
import { renderVerify, verifyTitle } from '../../src/core/catalog/verify';
import { FINDING_CODES, type FindingValues, type Locale } from '../../src/core/types';
import { VERIFY_REASONS, type VerifyDetail } from '../../src/core/verify';
import japaneseWords from '../../l10n/catalog.ja.json';

// Every variant a message branches on, so each branch is rendered in both languages.
const VARIANTS: FindingValues[] = [
  {},
  { variant: 'equivalent', amr: ['ngcmfa'], partnerCenter: 'yes' },
  { variant: 'absent', partnerCenter: 'yes' },
  { variant: 'lacks', amr: ['pwd'], partnerCenter: 'yes' },
  { variant: 'lacks', amr: ['pwd'], partnerCenter: 'no' },
  { aud: ['x'], expected: ['y'], host: 'graph.microsoft.com', service: 'Microsoft Graph' },
  { aud: ['x'], expected: ['y'] },
  { secondsAgo: 10800, secondsAhead: 60 },
  { customerOperation: '/v1/customers/1/users', appId: 'a' },
  { reason: 'r', enc: 'A256GCM' },
];
const hasJapanese = (s: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s);

describe('catalog', () => {
  it('renders every finding code in English and Japanese for every variant', () => {
    for (const code of FINDING_CODES) {
      for (const values of VARIANTS) {
        const en = renderFinding({ code, severity: 'warning', values }, 'en');
        const ja = renderFinding({ code, severity: 'warning', values }, 'ja');
        for (const s of [en.message, en.remedy, ja.message, ja.remedy]) assert.ok(s.length > 10, `${code} ${JSON.stringify(values)}`);
        assert.ok(hasJapanese(ja.message) && hasJapanese(ja.remedy), `${code} ja`);
        assert.ok(!hasJapanese(en.message.replace(/"[^"]*"/g, '')), `${code} en`);
        assert.equal(ja.code, code, 'codes never change with the language');
      }
      assert.ok(hasJapanese(findingTitle(code, 'ja')) && findingTitle(code, 'en').length > 3);
    }
  });

  it('explains every claim and amr value in both languages', () => {
    for (const table of [CLAIMS, AMR_VALUES]) {
      for (const [k, en] of Object.entries(table)) {
        const ja = table === CLAIMS ? explainClaim(k, 'ja') : explainAmr(k, 'ja');
        assert.ok(en.length > 3 && ja && hasJapanese(ja), k);
      }
    }
    for (const claim of ['aud', 'iss', 'amr', 'scp', 'roles', 'idtyp', 'xms_cc', 'acrs', 'tenant_region_scope']) {
      assert.ok(explainClaim(claim, 'en') && explainClaim(claim, 'ja'), claim);
    }
    for (const v of ['pwd', 'rsa', 'otp', 'fed', 'wia', 'mfa', 'ngcmfa', 'wiaormfa', 'none', 'hwk', 'swk', 'sms']) assert.ok(explainAmr(v, 'ja'), v);
    assert.equal(explainClaim('__proto__', 'en'), undefined);
    assert.equal(explainClaim('constructor', 'en'), undefined);
  });

  it('words durations and picks the locale from a language tag', () => {
    assert.equal(duration(42 * 60, 'en'), '42 minutes');
    assert.equal(duration(3 * 3600 + 5, 'ja'), '3 時間');
    assert.equal(duration(5, 'en'), '5 seconds');
    assert.equal(duration(2812 * 86400, 'en'), '7 years');
    assert.equal(duration(2812 * 86400, 'ja'), '7 年');
    assert.equal(duration(90 * 60, 'en'), '90 minutes');
    assert.equal(duration(45 * 86400, 'en'), '45 days');
    assert.equal(duration(150 * 86400, 'ja'), '4 か月');
    assert.equal(duration(86400, 'en'), '24 hours');
    assert.equal(duration(60, 'en'), '1 minute');
    const cases: Array<[string | undefined, Locale]> = [['ja', 'ja'], ['ja-JP', 'ja'], ['ja_JP.UTF-8', 'ja'], ['en-US', 'en'], [undefined, 'en'], ['jam', 'en']];
    for (const [tag, want] of cases) assert.equal(toLocale(tag), want, String(tag));
  });
});

// The Japanese words live in l10n/catalog.ja.json (read by the extension at run time, built into the
// CLI); these keep the file and the English tables in step, and Japanese readable without the file.
describe('catalog: the Japanese words file', () => {
  const holes = (t: string) => [...t.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');
  const CAUSE_VALUES: CauseValues[] = [
    {},
    { said: 'MFA required', amr: ['pwd'], tokenKnown: 'yes' },
    { compliant: 'yes', amr: ['mfa'], said: 'x' },
    { aud: ['a'], expected: ['https://api.partnercenter.microsoft.com'], audName: 'Partner Center', service: 'Partner Center' },
    { exp: '2026-04-02T09:00:00Z', nbf: '2026-04-02T11:00:00Z', seconds: 3600, at: 'date-header' },
    { customerOperation: 'GET /v1/customers/1', error: 'insufficient_claims', asks: ['acrs c1'], ccType: 'cp1' },
    { required: 'user_impersonation', have: 'Files.Read', said: 'x', reason: 'bad base64', status: 401 },
    { har: 'yes', redacted: 'yes' },
    { scheme: 'Basic' },
    { unresolved: 'process.env.TOKEN' },
    { opaque: 'yes' },
  ];
  const VERIFY_DETAILS: VerifyDetail[] = [
    {},
    { kid: 'k1', url: 'https://login.microsoftonline.com/t/discovery/v2.0/keys', issuer: 'https://sts.windows.net/t/', message: 'm', why: 'nonce', code: 'ENOTFOUND', status: 500, alg: 'HS256', timeoutMs: 3000 },
    { source: 'keys.json', code: 'ECONNREFUSED' },
    { source: 'https://example.test/keys', code: 'EHOSTUNREACH' },
  ];
  const rendered = (): string[] => {
    const out: string[] = [];
    for (const code of FINDING_CODES) {
      out.push(findingTitle(code, 'ja'));
      for (const values of VARIANTS) {
        const r = renderFinding({ code, severity: 'warning', values }, 'ja');
        out.push(r.message, r.remedy);
      }
    }
    for (const code of CAUSE_CODES) {
      out.push(causeTitle(code, 'ja'));
      for (const v of CAUSE_VALUES) out.push(causeSummary(code, v, 'ja'), causeRemedy(code, v, 'ja'));
    }
    for (const reason of VERIFY_REASONS) for (const detail of VERIFY_DETAILS) out.push(renderVerify({ state: 'invalid', reason, detail }, 'ja').message);
    for (const state of ['valid', 'invalid', 'not-checked'] as const) out.push(verifyTitle(state, 'ja'));
    return out;
  };

  it('has Japanese for every key of the English tables, with the same {0} holes, and nothing stale', () => {
    const tables: Array<[string, Readonly<Record<string, string>>]> = [
      ['header', HEADER_PARAMS], ['claims', CLAIMS], ['amr', AMR_VALUES], ['card', CARD_WORDS], ['diagnosis', DIAGNOSIS_WORDS],
    ];
    for (const [section, en] of tables) {
      const ja = (japaneseWords as unknown as Record<string, Record<string, string>>)[section]!;
      assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), section);
      for (const [k, text] of Object.entries(en)) {
        assert.equal(holes(ja[k]!), holes(text), `${section}.${k}`);
        assert.ok(hasJapanese(ja[k]!) || ja[k] === text, `${section}.${k} is Japanese (or a name the same in both)`);
      }
    }
    assert.deepEqual(Object.keys(japaneseWords.findings).sort(), [...FINDING_CODES].sort());
    assert.deepEqual(Object.keys(japaneseWords.causes).filter((k) => k !== 'at').sort(), [...CAUSE_CODES].sort());
    assert.deepEqual(Object.keys(japaneseWords.verify).filter((k) => k !== 'titles').sort(), [...VERIFY_REASONS].sort());
  });

  it('renders every finding, cause and verification result in Japanese with every hole filled', () => {
    for (const text of rendered()) {
      assert.ok(hasJapanese(text), text);
      assert.doesNotMatch(text, /undefined|\{\d+\}|\{\w+\}/, text);
    }
    assert.equal(diagnosisWord('harEntry', 'ja', 'a.har', 2, 30), 'a.har、エントリ 2（行 30）');
    assert.equal(cardWord('lifeValid', 'ja', '3 時間'), '有効、残り 3 時間');
    assert.equal(localizeMarkers('sent to: https://x [redacted]', 'ja'), '送信先: https://x [マスク済み]');
    const v = { host: 'api.example.test:8443', timeoutMs: 400 };
    assert.equal(sendErrorText('dns', 'x', 'ja', v), 'ホスト名 api.example.test を解決できません（DNS）。綴り、ネットワーク、プロキシの設定を確認してください。');
    assert.match(sendErrorText('network', 'x', 'ja', { ...v, detail: 'ECONNRESET' }), /失敗しました（ECONNRESET）。/);
    assert.match(sendErrorText('network', 'x', 'ja', v), /失敗しました。/);
    assert.match(sendErrorText('redirect-blocked', 'x', 'ja', { ...v, detail: 'https://b.test' }), /オリジン https:\/\/b\.test へ/);
  });

  it('answers a Japanese request in English, whole, while the file is not loaded', () => {
    useJapanese(undefined);
    try {
      for (const text of rendered()) assert.ok(!hasJapanese(text) && !/undefined/.test(text), text);
      assert.equal(explainClaim('aud', 'ja'), CLAIMS.aud);
      assert.equal(cardWord('audOk', 'ja', 'Partner Center'), 'Accepted for Partner Center');
      assert.equal(sendErrorText('dns', 'Cannot resolve x', 'ja', { host: 'x', timeoutMs: 1 }), 'Cannot resolve x');
      assert.equal(localizeMarkers('body: [redacted]', 'ja'), 'body: [redacted]');
    } finally {
      useJapanese(japaneseWords);
    }
  });
});
