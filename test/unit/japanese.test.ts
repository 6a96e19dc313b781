// Issue 14.15-14.20: every Japanese string the user reads follows one style. The rule (Microsoft's
// Japanese style guide, as Windows and VS Code write it): a half-width space between half-width
// letters or digits and Japanese ("Entra ID の", "30 分"), no space between Japanese characters
// except between katakana words ("アクセス トークン"), no English full stop or comma in a Japanese
// sentence, full-width parentheses around Japanese text, and one word per term.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contextFor, checkForRequests } from '../../src/core/analyze';
import { check } from '../../src/core/check';
import { decode } from '../../src/core/decode';
import { diagnose } from '../../src/core/diagnose';
import { diagnosisText } from '../../src/core/diagnosisText';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { sendErrorText } from '../../src/core/catalog/sendErrors';
import japaneseWords from '../../l10n/catalog.ja.json';
import { makeLabels } from '../../src/extension/inspector/labelText';
import { buildViewModel, diagnosisView } from '../../src/extension/inspector/viewModel';
import { renderHover } from '../../src/extension/render/hover';
import { format, type L10n } from '../../src/extension/render/l10n';
import { codeLensTitle, statusBarTooltip } from '../../src/extension/render/verdicts';
import { appClaims, mint, NOW, NOW_S, userClaims } from './helpers/fixtures';
import { ROOT, sourceStringLiterals } from './helpers/sourceStrings';

const JA = /[\u3040-\u30ff\u3400-\u9fff]/;
const KANA_KANJI = '\\u3040-\\u309f\\u30a1-\\u30fa\\u3400-\\u9fff\\u30fc';
const KATAKANA = '\\u30a1-\\u30fa\\u30fc';

/** Japanese strings with where they come from: string literals of src/, bundles, walkthrough pages. */
function japaneseStrings(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const literal of sourceStringLiterals()) if (JA.test(literal.text)) out.push(literal);
  const leaves = (v: unknown, key: string): Array<[string, string]> =>
    typeof v === 'string' ? [[key, v]] : Object.entries(v as object).flatMap(([k, x]) => leaves(x, `${key}.${k}`));
  for (const [k, v] of leaves(japaneseWords, 'catalog')) if (JA.test(v)) out.push({ where: `l10n/catalog.ja.json: ${k}`, text: v });
  for (const f of ['l10n/bundle.l10n.ja.json', 'package.nls.ja.json']) {
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')) as Record<string, string>)) if (JA.test(v)) out.push({ where: `${f}: ${k.slice(0, 40)}`, text: v });
  }
  for (const f of readdirSync(path.join(ROOT, 'media/walkthrough/ja'))) {
    for (const line of readFileSync(path.join(ROOT, 'media/walkthrough/ja', f), 'utf8').split('\n')) if (JA.test(line)) out.push({ where: `media/walkthrough/ja/${f}`, text: line });
  }
  return out;
}

/** What breaks the rule in one string; placeholders ({0}, ${…}) and code spans count as neither side. */
export function styleProblems(raw: string): string[] {
  const text = raw
    .replace(/\$\{[^}]*\}/g, '\u0000')
    .replace(/\{\d+\}/g, '\u0000')
    .replace(/`[^`]*`/g, '\u0000')
    .replace(/\]\([^)]*\)/g, ']')
    // Microsoft's own UI term (the Entra admin center writes it so).
    .replace(/アプリケーション \(クライアント\) ID/g, '\u0000');
  const problems: string[] = [];
  const jj = new RegExp(`([${KANA_KANJI}]) +([${KANA_KANJI}])`, 'g');
  for (const m of text.matchAll(jj)) {
    const katakanaWords = new RegExp(`[${KATAKANA}]`).test(m[1]) && new RegExp(`[${KATAKANA}]`).test(m[2]);
    if (!katakanaWords) problems.push(`space between Japanese: "${m[0]}"`);
  }
  for (const m of text.matchAll(new RegExp(`[A-Za-z0-9][${KANA_KANJI}]|[${KANA_KANJI}][A-Za-z0-9]`, 'g'))) problems.push(`no space between Latin and Japanese: "${m[0]}"`);
  for (const m of text.matchAll(new RegExp(`[${KANA_KANJI}][.,](?![A-Za-z0-9])|[.,] [${KANA_KANJI}]`, 'g'))) problems.push(`English punctuation in Japanese: "${m[0]}"`);
  for (const m of text.matchAll(/[、。（「」）] +\S|\S +[、。（「」）]/g)) problems.push(`space beside full-width punctuation: "${m[0]}"`);
  for (const m of text.matchAll(new RegExp(`\\(([^()]*[${KANA_KANJI}][^()]*)\\)`, 'g'))) problems.push(`half-width parentheses around Japanese: "${m[0].slice(0, 30)}"`);
  return problems;
}

describe('Japanese style (14.15-14.20)', () => {
  it('finds the rule broken where it is', () => {
    assert.deepEqual(styleProblems('あと 30 分 で期限切れ'), ['space between Japanese: "分 で"']);
    assert.deepEqual(styleProblems('あと30分で期限切れ').length, 2);
    assert.deepEqual(styleProblems('一致します.'), ['English punctuation in Japanese: "す."']);
    assert.deepEqual(styleProblems('リフレッシュ トークンを Entra ID から取得'), []);
    assert.deepEqual(styleProblems('(あと 30 分)').length, 1);
  });

  it('every Japanese string follows it', () => {
    const bad = japaneseStrings().flatMap(({ where, text }) => styleProblems(text).map((p) => `${where}: ${p}`));
    assert.deepEqual(bad, []);
  });

  it('what the views compose (a duration in a sentence, labels and values) follows it too', () => {
    const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ja.json'), 'utf8')) as Record<string, string>;
    const ja: L10n = { t: (m, ...a) => format(bundle[m] ?? m, ...a), locale: 'ja' };
    const req = { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', line: 3 };
    const texts: string[] = [];
    const tokens = [userClaims(), userClaims({ amr: ['pwd'] }), userClaims({ exp: NOW_S - 65 * 60 }), userClaims({ nbf: NOW_S + 600, exp: NOW_S + 4000 }), userClaims({ aud: 'https://graph.microsoft.com' }), appClaims()];
    for (const claims of tokens) {
      const raw = mint(claims);
      const decoded = decode(raw);
      const ctx = contextFor(DEFAULT_SETTINGS, NOW);
      const findings = checkForRequests(decoded, ctx, [req]);
      texts.push(codeLensTitle(decoded, DEFAULT_SETTINGS, NOW, ja, req), statusBarTooltip(decoded, DEFAULT_SETTINGS, NOW, ja, req));
      const hover = renderHover({ decoded, findings, requests: [req], settings: DEFAULT_SETTINGS, now: NOW, locale: 'ja', l10n: ja, commands: { copyDecoded: 'a', copyRedacted: 'b' }, tzOffsetMinutes: 540 });
      texts.push(...hover.markdown.split('\n'));
      const m = buildViewModel({ raw, decoded, findings: check(decoded, { ...ctx, request: req }), ctx, locale: 'ja', labels: makeLabels(ja), trust: { trustedIssuers: [], jwks: [] }, timeZone: 'Asia/Tokyo' });
      for (const c of m.cards) texts.push(`${c.title}: ${c.value}`, ...c.detail.split('\n'));
      for (const f of m.findings) texts.push(f.title, f.message, f.remedy, f.severityLabel);
      for (const r of m.claims) if (r.time) texts.push(r.time.relative);
      const d = diagnose({ request: { ...req, headers: [['Authorization', `Bearer ${raw}`]] }, response: { status: 401, statusText: 'Unauthorized - MFA required', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] }, settings: DEFAULT_SETTINGS, now: NOW });
      texts.push(...diagnosisText(d, 'ja').split('\n'));
      const v = diagnosisView(d, 'ja', { source: 'partner-center.http:30' });
      texts.push(v.title, ...Object.values(v.labels), ...v.causes.flatMap((c) => [c.summary, c.remedy, c.confidence ?? '']));
    }
    const bad = texts.filter((t) => JA.test(t)).flatMap((t) => styleProblems(t).map((p) => `${p} in "${t.slice(0, 80)}"`));
    assert.deepEqual([...new Set(bad)], []);
  });

  it('the sender\'s failures read in Japanese inside Japanese messages (15.6)', () => {
    const union = /export type SendErrorCode =([^;]+);/.exec(readFileSync(path.join(ROOT, 'src/core/sendFlow.ts'), 'utf8'))![1];
    const codes = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
    assert.ok(codes.length >= 15, codes.join());
    assert.deepEqual(codes.filter((c) => !(c in japaneseWords.send)), [], 'codes without Japanese');
    const v = { host: '127.0.0.1:8443', timeoutMs: 400 };
    assert.equal(sendErrorText('timeout', 'No complete response from 127.0.0.1:8443 within 400 ms (timed out).', 'en', v), 'No complete response from 127.0.0.1:8443 within 400 ms (timed out).');
    const ja = sendErrorText('timeout', 'No complete response…', 'ja', v);
    assert.match(ja, /127\.0\.0\.1:8443 から 400 ミリ秒以内/);
    for (const c of codes) assert.deepEqual(styleProblems(sendErrorText(c, 'x', 'ja', { ...v, detail: 'ECONNRESET' })), [], c);
  });

  it('one term per concept: App+User, never アプリ＋ユーザー beside it (14.16)', () => {
    const all = japaneseStrings().map((s) => s.text).join('\n');
    assert.ok(!/アプリ[＋+]ユーザー/.test(all), 'App+User stays as Partner Center writes it');
  });

  it('one word per concept, and no word-for-word English (14.20)', () => {
    const strings = japaneseStrings();
    // [what a translation wrote, the one word the extension uses]
    const rules: Array<[RegExp, string]> = [
      [/期待(する|される|どおり|します|して)/, '"expected" / "expects": 想定する, 受け付ける'],
      [/アプリ専用/, 'app-only: アプリのみ'],
      [/リクエスト/, 'request: 要求 (as VS Code writes it)'],
      [/伏せ字/, 'redacted: マスク済み'],
      [/文書化/, 'documented: ドキュメントに記載'],
      [/トークンを調べる/, 'Inspect Token: トークンを検査'],
      [/ソース:/, 'Source: 場所'],
      [/問題パネル/, 'the Problems panel: 「問題」パネル'],
      [/JWT MFA インスペクター/, 'the product name stays JWT MFA Inspector'],
    ];
    const bad = strings.flatMap(({ where, text }) => rules.filter(([re]) => re.test(text)).map(([, want]) => `${where}: ${want} in "${text.slice(0, 60)}"`));
    assert.deepEqual(bad, []);
    // The CLI's Japanese token report has Japanese headings (its claim names and codes stay as they are).
    const format = readFileSync(path.join(ROOT, 'src/cli/format.ts'), 'utf8');
    for (const w of ['ヘッダー', 'クレーム', 'プリンシパル', '発行者', '検出事項']) assert.ok(format.includes(`'${w}'`), w);
  });

  it('a walkthrough page writes each Japanese paragraph on one line (a line break inside it shows as a space)', () => {
    const bad: string[] = [];
    for (const f of readdirSync(path.join(ROOT, 'media/walkthrough/ja'))) {
      const lines = readFileSync(path.join(ROOT, 'media/walkthrough/ja', f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        const next = lines[i + 1] ?? '';
        if (JA.test(l) && !l.startsWith('#') && next.trim() !== '' && !/^\s*([-*]|\d+\.)\s/.test(next)) bad.push(`${f}:${i + 1}`);
      });
    }
    assert.deepEqual(bad, []);
  });
});
