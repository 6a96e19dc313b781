// The editor's pure renderers: hover Markdown, CodeLens titles, status bar text, relative time.
import assert from 'node:assert/strict';
import { checkForRequests, contextFor } from '../../src/core/analyze';
import { renderFinding } from '../../src/core/catalog/findings';
import { decode } from '../../src/core/decode';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { textProbe } from '../../src/core/text';
import type { JsonObject, RequestRef } from '../../src/core/types';
import { escapeMarkdown, truncate, visible } from '../../src/extension/render/escape';
import { commandLink, renderHover, type HoverInput } from '../../src/extension/render/hover';
import { english, format, type L10n } from '../../src/extension/render/l10n';
import { expiryWording, localTime, shortDuration } from '../../src/extension/render/time';
import { codeLensTitle, statusBarText, statusBarTone, verdictsOf } from '../../src/extension/render/verdicts';
import { mint, NOW, NOW_S, PC } from './helpers/fixtures';

const settings: Settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };

const user = (extra: JsonObject = {}): JsonObject => ({
  iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
  aud: PC,
  upn: 'alice@contoso.com',
  appid: '1950a258-227b-4e31-a9cf-717495945fc2',
  scp: 'user_impersonation',
  amr: ['pwd', 'mfa'],
  iat: NOW_S - 600,
  nbf: NOW_S - 600,
  exp: NOW_S + 42 * 60 + 10,
  ...extra,
});

function hover(claims: JsonObject, opts: Partial<HoverInput> = {}, header?: JsonObject) {
  const decoded = decode(mint(claims, header));
  const requests = opts.requests ?? [];
  const findings = checkForRequests(decoded, contextFor(settings, NOW), requests);
  return renderHover({
    decoded,
    findings,
    requests,
    settings,
    now: NOW,
    locale: 'en',
    l10n: english,
    target: { uri: 'file:///w/a.ts', start: 10, end: 500 },
    commands: { copyDecoded: 'jwtMfa.copyDecodedJson', copyRedacted: 'jwtMfa.copyTokenRedacted', openInspector: 'jwtMfa.openInspector' },
    tzOffsetMinutes: 540,
    ...opts,
  });
}

/** `md` with Markdown backslash escapes removed: what the reader sees. */
function plain(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The command ids of every Markdown link destination in `md`. */
function linkTargets(md: string): string[] {
  const out: string[] = [];
  const re = /\]\(([^)\s]*)/g;
  for (let m = re.exec(md); m; m = re.exec(md)) out.push(m[1]);
  return out;
}

describe('render: relative time', () => {
  it('words expiry in the future and the past', () => {
    assert.equal(expiryWording(NOW_S + 42 * 60 + 30, NOW, english), 'expires in 42 minutes');
    assert.equal(expiryWording(NOW_S - 3 * 3600 - 100, NOW, english), 'expired 3 hours ago');
    assert.equal(expiryWording(NOW_S - 5, NOW, english), 'expired 5 seconds ago');
    assert.equal(expiryWording(NOW_S + 3 * 86400, NOW, english), 'expires in 3 days');
    assert.equal(shortDuration(90 * 60, english), '90 minutes');
    // 15.4/13.9: one formatter, human units, never "2812 d".
    assert.equal(expiryWording(NOW_S - 2812 * 86400, NOW, english), 'expired 7 years ago');
    assert.equal(expiryWording(NOW_S + 73 * 366 * 86400, NOW, english), 'expires in 73 years');
  });
  it('uses the findings\' units: one unit system per view (14.8)', () => {
    for (const ago of [65 * 60, 90 * 60, 26 * 3600, 47 * 3600, 59, 2812 * 86400]) {
      const f = checkForRequests(decode(mint(user({ exp: NOW_S - ago }))), contextFor({ ...settings, clockSkewSeconds: 0 }, NOW), []).find((x) => x.code === 'expired')!;
      const inMessage = /expired (\d+ \w+) ago/.exec(renderFinding(f, 'en').message)?.[1];
      assert.equal(expiryWording(NOW_S - ago, NOW, english), `expired ${inMessage} ago`, `${ago} s`);
    }
  });
  it('passes its words through the translation function', () => {
    const ja: L10n = { t: (m, ...a) => format(m === 'expires in {0}' ? 'あと {0}で期限切れ' : m === 'expired {0} ago' ? '{0}前に期限切れ' : m, ...a), locale: 'ja' };
    assert.equal(expiryWording(NOW_S + 40 * 60, NOW, ja), 'あと 40 分で期限切れ');
    assert.equal(expiryWording(NOW_S - 2812 * 86400, NOW, ja), '7 年前に期限切れ');
  });
  it('formats local time in a given zone', () => {
    assert.equal(localTime(NOW_S, 540), '2026-04-02 19:00:00 UTC+09:00');
    assert.equal(localTime(NOW_S, -300), '2026-04-02 05:00:00 UTC-05:00');
    assert.equal(localTime(1e300), '1e+300');
  });
});

describe('render: escaping', () => {
  it('escapes Markdown punctuation so no link, image or tag can form', () => {
    assert.equal(escapeMarkdown('[x](command:workbench.action.quit)'), '\\[x\\]\\(command\\:workbench\\.action\\.quit\\)');
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)>'), '\\<img src\\=x onerror\\=alert\\(1\\)\\>');
    assert.equal(escapeMarkdown('`code`'), '\\`code\\`');
  });
  it('shows bidi and zero-width characters visibly', () => {
    assert.equal(visible('a\u202Eb\u200Bc\nd'), 'a\\u202Eb\\u200Bc\\u000Ad');
    assert.equal(escapeMarkdown('\u202E'), '\\\\u202E');
  });
  it('truncates without splitting a surrogate pair', () => {
    assert.equal(truncate('ab😀', 3), 'ab…');
    assert.equal(truncate('abc', 3), 'abc');
  });
});

describe('render: command links', () => {
  it('encodes arguments so no character ends the link early', () => {
    const link = commandLink('Open', 'jwtMfa.openInspector', [{ uri: 'file:///w/a (1)\'s*!.ts', start: 1, end: 2 }]);
    assert.match(link, /^\[Open\]\(command:jwtMfa\.openInspector\?[^()\s'!*]+\)$/);
    const q = link.slice(link.indexOf('?') + 1, -1);
    assert.deepEqual(JSON.parse(decodeURIComponent(q)), [{ uri: "file:///w/a (1)'s*!.ts", start: 1, end: 2 }]);
  });
  it('fills placeholders like vscode.l10n.t', () => {
    assert.equal(format('{0} of {1}, {0} again, {2} stays', 1, 'two'), '1 of two, 1 again, {2} stays');
  });
});

describe('render: hover', () => {
  it('summarises a compliant Partner Center user token', () => {
    const { markdown, enabledCommands } = hover(user());
    const text = plain(markdown);
    assert.ok(text.includes('**JSON Web Token** (JWS) · alg RS256 · kid k1'), text);
    assert.ok(text.includes('**Issuer:** Entra ID v1.0 (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47)'));
    assert.ok(text.includes('**Audience:** https://api.partnercenter.microsoft.com (Partner Center) — ✓ an expected audience'));
    assert.ok(text.includes('**User:** alice@contoso.com · app 1950a258-227b-4e31-a9cf-717495945fc2'));
    assert.ok(text.includes('**amr:** pwd, mfa — MFA ✓'));
    assert.ok(text.includes('**scp:** user_impersonation'));
    assert.ok(text.includes('**Issued:** 2026-04-02 18:50:00 UTC+09:00 · 10 minutes ago'), 'one pair of brackets at most (14.8)');
    assert.ok(text.includes('**Expires:** 2026-04-02 19:42:10 UTC+09:00 · expires in 42 minutes'));
    assert.doesNotMatch(text, /\) \(/, 'no doubled brackets');
    assert.ok(text.includes('No findings.'));
    // 14.7: a one-line verdict first, for a good token too, then the links, before any detail.
    const [first, second] = text.split('\n');
    assert.equal(first, '**MFA ✓ · aud ✓ · expires in 42 minutes**  ');
    assert.match(second, /^\[Open in Inspector\]\(command:jwtMfa\.openInspector\?.*\[Copy decoded JSON\].*\[Copy token \(redacted\)\]/);
    assert.deepEqual(enabledCommands, ['jwtMfa.openInspector', 'jwtMfa.copyDecodedJson', 'jwtMfa.copyTokenRedacted']);
    const targets = linkTargets(markdown);
    assert.equal(targets.length, 3);
    for (const target of targets) {
      const [cmd, q] = target.slice('command:'.length).split('?');
      assert.ok(enabledCommands.includes(cmd));
      assert.deepEqual(JSON.parse(decodeURIComponent(q)), [{ uri: 'file:///w/a.ts', start: 10, end: 500 }]);
    }
    assert.ok(!markdown.includes(mint(user())), 'the token itself is never in the hover');
  });

  it('names the host and the findings with codes for a token sent without MFA', () => {
    const req: RequestRef = { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', line: 3 };
    const text = plain(hover(user({ amr: ['pwd'], exp: NOW_S - 3 * 3600 - 5 }), { requests: [req] }).markdown);
    assert.ok(text.includes('— ✓ accepted by api.partnercenter.microsoft.com'), text);
    assert.ok(text.includes('**amr:** pwd — MFA ✗'));
    assert.ok(text.includes('- ✗ `mfa-missing` MFA missing'), 'named, not the diagnostic\'s text again (14.7)');
    assert.ok(!text.includes('without "mfa": Partner Center answers 401'), 'the diagnostic\'s message is not repeated');
    assert.ok(text.includes('- ⚠ `expired` '));
    assert.ok(text.includes('· expired 3 hours ago'));
    assert.ok(text.startsWith('**MFA ✗ · aud ✓ · expired 3 hours ago**'), text.slice(0, 80));
  });

  it('shows app-only tokens with their app id and a wrong audience for a host', () => {
    const req: RequestRef = { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', line: 0 };
    const claims: JsonObject = { iss: 'https://login.microsoftonline.com/t1/v2.0', aud: PC, azp: 'app-42', roles: ['A.Read'], idtyp: 'app' };
    const text = plain(hover(claims, { requests: [req] }).markdown);
    assert.ok(text.includes('**Issuer:** Entra ID v2.0 (tenant t1)'), text);
    assert.ok(text.includes('**Principal:** app-only · app app-42'));
    assert.ok(text.includes('— ✗ graph.microsoft.com expects https://graph.microsoft.com, https://graph.microsoft.com/, 00000003-0000-0000-c000-000000000000'));
    assert.ok(text.includes('- ✗ `audience-mismatch` Wrong audience'));
    assert.ok(text.includes('**roles:** A.Read'));
    assert.ok(!text.includes('**amr'));
  });

  it('names other issuers as such', () => {
    const text = plain(hover(user({ iss: 'https://accounts.example.com' })).markdown);
    assert.ok(text.includes('**Issuer:** other issuer: https://accounts.example.com'), text);
  });

  it('keeps hostile claim values inert', () => {
    const hostile = {
      iss: '<img src=x onerror=alert(1)>',
      aud: '[x](command:workbench.action.quit)',
      upn: 'evil\u202Etxt.exe`](command:jwtMfa.openInspector?%5B%5D)',
      amr: ['<script>alert(1)</script>'],
      scp: '![i](https://evil.example/x.png)',
    };
    const { markdown, enabledCommands } = hover(hostile, {}, { alg: 'RS256', kid: '](command:workbench.action.quit)' });
    // Only our three links exist, each to one of our commands.
    const targets = linkTargets(markdown);
    assert.equal(targets.length, 3);
    for (const target of targets) assert.ok(enabledCommands.some((c) => target.startsWith(`command:${c}?`)), target);
    assert.doesNotMatch(markdown, /(?<!\\)</, 'no unescaped < (no HTML)');
    assert.doesNotMatch(markdown, /(?<!\\)\[(?!Copy decoded JSON\]|Copy token \(redacted\)\]|Open in Inspector\])/, 'no unescaped [ but our links');
    assert.ok(plain(markdown).includes('other issuer: <img src=x onerror=alert(1)>'));
    assert.ok(!markdown.includes('\u202E'), 'bidi override is shown, not applied');
    assert.match(markdown, /evil\\\\u202Etxt/);
    assert.doesNotMatch(markdown, /(?<!\\)!\[/);
    assert.doesNotMatch(markdown, /(?<!\\)`\]/);
  });

  it('truncates a 1 MB claim, looking at no more of it than of a short one', () => {
    // Work, not time: the characters the escaping walks (core/text's textProbe) while the hover is
    // built do not grow with the claims, and are a tiny fraction of them.
    const render = (size: number, roles: number) => {
      const big = 'A'.repeat(size);
      const claims = user({ upn: big, scp: `${big} x`, roles: Array.from({ length: roles }, (_, i) => `r${i}`) });
      let walked = 0;
      textProbe.revealed = (chars) => (walked += chars);
      try {
        return { markdown: hover(claims).markdown, walked };
      } finally {
        delete textProbe.revealed;
      }
    };
    const mb = render(1024 * 1024, 5000);
    assert.ok(mb.markdown.length < 10_000, `hover is ${mb.markdown.length} chars`);
    assert.match(mb.markdown, /A…/);
    assert.match(mb.markdown, /\(\+4980 more\)/);
    assert.ok(mb.walked > 0 && mb.walked < 20_000, `${mb.walked} characters escaped`);
    const four = render(4 * 1024 * 1024, 20_000);
    assert.match(four.markdown, /\(\+19980 more\)/);
    assert.equal(four.walked, mb.walked, 'four times the claim, the same work');
  });

  it('describes encrypted and unreadable tokens, without links when there is no target', () => {
    const jwe = renderHover({
      decoded: { kind: 'jwe', header: { alg: 'RSA-OAEP', enc: 'A256GCM' }, claims: null },
      findings: [],
      requests: [],
      settings,
      now: NOW,
      locale: 'en',
      l10n: english,
      commands: { copyDecoded: 'a', copyRedacted: 'b' },
    });
    assert.match(jwe.markdown, /\(JWE\) · alg RSA\\-OAEP · enc A256GCM/);
    assert.match(jwe.markdown, /encrypted/);
    assert.deepEqual(jwe.enabledCommands, []);
    assert.deepEqual(linkTargets(jwe.markdown), []);
  });

  it('renders the findings in Japanese when asked', () => {
    const { markdown } = hover(user({ amr: ['pwd'] }), { locale: 'ja' });
    assert.ok(plain(markdown).includes('`mfa-missing` MFA なし'), plain(markdown));
  });
});

describe('render: CodeLens and status bar', () => {
  it('sums a token up for a request', () => {
    const req: RequestRef = { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', line: 1 };
    assert.equal(codeLensTitle(decode(mint(user({ exp: NOW_S + 40 * 60 }))), settings, NOW, english, req), 'MFA ✓ · aud ✓ · expires in 40 minutes');
    assert.equal(codeLensTitle(decode(mint(user({ amr: ['pwd'], exp: NOW_S - 7200 }))), settings, NOW, english, req), 'MFA ✗ · aud ✓ · expired 2 hours ago');
    const graphReq: RequestRef = { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', line: 1 };
    assert.equal(codeLensTitle(decode(mint(user({ amr: ['ngcmfa'] }))), settings, NOW, english, graphReq), 'MFA ? · aud ✗ · expires in 42 minutes');
    const app = decode(mint({ aud: PC, idtyp: 'app', roles: ['x'] }));
    assert.equal(codeLensTitle(app, settings, NOW, english, req), 'app-only · aud ✓');
    assert.equal(codeLensTitle({ kind: 'jwe', header: { alg: 'dir', enc: 'A256GCM' }, claims: null }, settings, NOW, english), 'encrypted token (JWE)');
  });
  it('treats a Partner Center token without amr as not compliant', () => {
    const v = verdictsOf(decode(mint(user({ amr: undefined }))), settings, NOW);
    assert.equal(v.mfa, 'bad');
    const other = verdictsOf(decode(mint(user({ amr: undefined, aud: 'api://x' }))), settings, NOW);
    assert.equal(other.mfa, 'no-amr');
    assert.equal(other.aud, 'bad');
  });
  it('gives the status bar a short, claim-free verdict', () => {
    assert.deepEqual(statusBarText(decode(mint(user())), settings, NOW, english), { text: '$(shield) MFA ✓ aud ✓', bad: false });
    assert.deepEqual(statusBarText(decode(mint(user({ exp: NOW_S - 10, aud: '$(bug)' }))), settings, NOW, english), {
      text: '$(shield) MFA ✓ aud ✗ expired',
      bad: true,
    });
    const noAud = { ...settings, expectedAudiences: [] };
    assert.equal(statusBarText(decode(mint(user({ aud: 'x' }))), noAud, NOW, english).text, '$(shield) MFA ✓ aud ?');
  });
  it('colours the status bar by the worst finding: error, warning, or none (14.9)', () => {
    const req: RequestRef = { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', line: 1 };
    const tone = (claims: JsonObject, s = settings) => statusBarTone(checkForRequests(decode(mint(claims)), contextFor(s, NOW), [req]));
    assert.equal(tone(user({ amr: ['pwd'] })), 'error', 'MFA ✗ is an error, not yellow');
    assert.equal(tone(user({ exp: NOW_S - 3600 })), 'warning');
    assert.equal(tone(user()), undefined);
    assert.equal(tone(user({ amr: ['pwd'] }), { ...settings, severity: { ...settings.severity, 'mfa-missing': 'warning' } }), 'warning', 'the user\'s severity decides');
  });
});
