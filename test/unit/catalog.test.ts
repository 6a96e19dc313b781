import assert from 'node:assert/strict';
import { AMR_VALUES, CLAIMS, explainAmr, explainClaim } from '../../src/core/catalog/claims';
import { duration, findingTitle, renderFinding, toLocale } from '../../src/core/catalog/findings';
import { FINDING_CODES, type FindingValues, type Locale } from '../../src/core/types';

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
      for (const [k, [en, ja]] of Object.entries(table)) {
        assert.ok(en.length > 3 && hasJapanese(ja), k);
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
