// Issue 14: what the views say. The diagnosis card's title, colour and source; which request the
// cursor means in a .http file; badges in the user's language.
import assert from 'node:assert/strict';
import { confidenceWord, diagnosisTitle, outcomeOf, severityWord } from '../../src/core/catalog/diagnosis';
import { diagnose } from '../../src/core/diagnose';
import { diagnosisText } from '../../src/core/diagnosisText';
import { exchangeInBlock } from '../../src/core/http/blocks';
import { listExchanges } from '../../src/core/http/exchange';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { diagnosisView } from '../../src/extension/inspector/viewModel';
import { HEADER, mint, NOW, NOW_S } from './helpers/fixtures';

const TOKEN = mint({ aud: 'https://api.partnercenter.microsoft.com', iss: 'https://sts.windows.net/t/', amr: ['pwd'], scp: 'user_impersonation', iat: NOW_S - 60, exp: NOW_S + 3600, upn: 'a@b.c' }, HEADER, 'c2lnbmF0dXJlc2lnbmF0dXJl');
const run = (status: number, statusText: string) =>
  diagnose({
    request: { method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', headers: [['Authorization', `Bearer ${TOKEN}`]], line: 29 },
    response: { status, statusText, headers: [] },
    settings: DEFAULT_SETTINGS,
    now: NOW,
  });

describe('diagnosis card (14.1, 14.2)', () => {
  it('titles and colours the card by the status: failure, success, neither', () => {
    assert.equal(diagnosisTitle(403, 'Forbidden', 'en'), '403 Forbidden: diagnosis');
    assert.equal(diagnosisTitle(401, 'Unauthorized - MFA required', 'en'), '401 Unauthorized: diagnosis');
    assert.equal(diagnosisTitle(200, 'OK', 'en'), '200 OK: the token was accepted');
    assert.equal(diagnosisTitle(200, '', 'en'), '200 OK: the token was accepted', 'HTTP/2 sends no reason phrase');
    assert.equal(diagnosisTitle(403, 'Forbidden', 'ja'), '403 Forbidden の診断');
    assert.equal(diagnosisTitle(204, '', 'ja'), '204 No Content: トークンは受け付けられました');
    assert.deepEqual([200, 299, 302, 401, 503, 0].map(outcomeOf), ['success', 'success', 'other', 'failure', 'failure', 'other']);
    assert.equal(diagnosisView(run(403, 'Forbidden'), 'en').tone, 'bad');
    assert.equal(diagnosisView(run(403, 'Forbidden'), 'en').title, '403 Forbidden: diagnosis');
    const ok = diagnosisView(run(200, 'OK'), 'en');
    assert.equal(ok.tone, 'ok');
    assert.equal(ok.title, '200 OK: the token was accepted');
    assert.equal(diagnosisView(run(302, 'Found'), 'en').tone, 'neutral');
  });

  it('names the diagnosed request as its source, and the CLI text leads with the same title', () => {
    const v = diagnosisView(run(401, 'Unauthorized'), 'en', { source: 'partner-center.http:30' });
    assert.equal(v.source, 'partner-center.http:30');
    assert.equal(v.labels.source, 'Source');
    assert.equal(diagnosisText(run(403, 'Forbidden'), 'en').split('\n')[0], '403 Forbidden: diagnosis');
  });

  it('shows severities and confidences in the reader\'s language (14.15)', () => {
    assert.equal(severityWord('error', 'ja'), 'エラー');
    assert.equal(confidenceWord('high', 'ja'), '確度: 高');
    assert.equal(severityWord('error', 'en'), 'error');
    const v = diagnosisView(run(401, 'Unauthorized - MFA required'), 'ja');
    assert.ok(v.token && v.token.verdicts.every((x) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(x.severityLabel)), JSON.stringify(v.token?.verdicts));
    assert.ok(v.causes.length && v.causes.every((c) => c.confidence?.startsWith('確度')));
    const text = diagnosisText(run(401, 'Unauthorized - MFA required'), 'ja');
    assert.doesNotMatch(text, /\[high\]|\bERROR\b|\berror mfa/);
    assert.match(text, /送信先: GET https/, 'sent to: in Japanese');
    assert.match(text, /\[マスク済み\]/);
    assert.doesNotMatch(text, /sent to:|\[redacted\]/);
    assert.ok(v.causes.some((c) => c.evidence.some((e) => e.startsWith('送信先: '))), JSON.stringify(v.causes.map((c) => c.evidence)));
    assert.ok(v.token?.redacted.endsWith('[マスク済み]'), v.token?.redacted);
  });
});

describe('which request the cursor means (14.3)', () => {
  const file = [
    '@host = https://api.partnercenter.microsoft.com', // 0
    '', // 1
    '### customers', // 2
    '# the MFA check', // 3
    'GET {{host}}/v1/customers', // 4
    'Authorization: Bearer abc', // 5
    '', // 6
    'HTTP/1.1 401 Unauthorized', // 7
    'WWW-Authenticate: Bearer error="invalid_token"', // 8
    '', // 9
    '### invoices', // 10
    '// comment', // 11
    'GET {{host}}/v1/invoices', // 12
    '', // 13
    'HTTP/1.1 200 OK', // 14
  ].join('\n');
  const all = listExchanges(file, 'partner-center.http', {});
  const at = (line: number) => exchangeInBlock(file, all, line)?.line;

  it('selects the request from any line of its block: separator, comment, request, saved response', () => {
    for (const line of [2, 3, 4, 5, 7, 8, 9]) assert.equal(at(line), 4, `line ${line}`);
    for (const line of [10, 11, 12, 14]) assert.equal(at(line), 12, `line ${line}`);
    assert.equal(at(0), undefined, 'the file variables above every block are no request');
  });

  it('without separators, the one request from its comment to the end of its saved response', () => {
    const plain = '# list them\nGET https://a.example/1\n\nHTTP/1.1 401 Unauthorized\nX: 1\n';
    const xs = listExchanges(plain, 'a.http', {});
    assert.deepEqual([0, 1, 3, 4].map((l) => exchangeInBlock(plain, xs, l)?.line), [1, 1, 1, 1]);
  });
});
