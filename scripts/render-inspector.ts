// Renders the inspector webview for real in headless Chromium (no VS Code): the real HTML shell,
// dist/webview.js and media/inspector.css under the real CSP, a view model built by the real builder,
// and VS Code's light/dark theme colours. Writes screenshots and fails on CSP violations or script errors.
//   node esbuild.config.mjs && node --import tsx scripts/render-inspector.ts [outDir]
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { contextFor } from '../src/core/analyze';
import { check } from '../src/core/check';
import { decode } from '../src/core/decode';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { inspectorHtml } from '../src/extension/inspector/html';
import { english, makeLabels } from '../src/extension/inspector/labelText';
import { buildCompare, buildViewModel, diagnosisLabels } from '../src/extension/inspector/viewModel';
import type { VerifyResult } from '../src/core/verify';
import type { ToWebview } from '../src/webview/protocol';

const PW = process.env.PLAYWRIGHT_CORE ?? '/root/.cache/jwt-mfa-e2e/pw/node_modules/playwright-core';
// playwright-core lives outside the project (no dependency, no types): typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { chromium } = createRequire(__filename)(PW) as { chromium: any };

const root = path.resolve(__dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, '.e2e', 'inspector'));
mkdirSync(out, { recursive: true });

const ORIGIN = 'https://webview.test';
const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
const now = Date.UTC(2026, 3, 2, 10, 0, 0);
const s = now / 1000;
const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const tokens: Record<string, string> = {
  user: `${b64({ typ: 'JWT', alg: 'RS256', x5t: 'kid-2026-01', kid: 'kid-2026-01' })}.${b64({
    aud: 'https://api.partnercenter.microsoft.com', iss: `https://sts.windows.net/${TID}/`, iat: s - 900, nbf: s - 900, exp: s + 2700,
    acr: '1', amr: ['pwd'], appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', appidacr: '0', ipaddr: '203.0.113.7', name: 'Ada Lovelace',
    oid: '4c3b0c6c-0000-4000-8000-000000000001', scp: 'user_impersonation', sub: 'pairwise-sub', tid: TID, unique_name: 'ada@contoso.com', upn: 'ada@contoso.com', ver: '1.0',
  })}.${'Zm9vYmFy'.repeat(43)}`,
  hostile: `${b64({ alg: 'RS256', kid: '<svg onload=alert(1)>' })}.${b64(JSON.parse('{"aud":"<img src=x onerror=alert(1)>","name":"evil\\u202Egnp.exe","__proto__":{"x":1},"amr":["<b>mfa</b>"],"deep":' + '['.repeat(200) + ']'.repeat(200) + '}'))}.c2ln`,
};

const themes: Record<string, Record<string, string>> = {
  light: {
    'vscode-foreground': '#3b3b3b', 'vscode-editor-background': '#ffffff', 'vscode-descriptionForeground': '#717171',
    'vscode-button-background': '#005fb8', 'vscode-button-foreground': '#ffffff', 'vscode-button-hoverBackground': '#0258a8',
    'vscode-button-secondaryBackground': '#e5e5e5', 'vscode-button-secondaryForeground': '#3b3b3b', 'vscode-focusBorder': '#005fb8',
    'vscode-panel-border': '#e5e5e5', 'vscode-editorWidget-background': '#f8f8f8', 'vscode-textCodeBlock-background': '#f3f3f3',
    'vscode-charts-red': '#e51400', 'vscode-charts-blue': '#1a85ff', 'vscode-charts-purple': '#652d90', 'vscode-charts-green': '#388a34',
    'vscode-charts-yellow': '#bf8803', 'vscode-errorForeground': '#f85149', 'vscode-editorWarning-foreground': '#bf8803', 'vscode-editorInfo-foreground': '#1a85ff',
    'vscode-testing-iconPassed': '#388a34', 'vscode-badge-background': '#cccccc', 'vscode-badge-foreground': '#3b3b3b',
    'vscode-debugTokenExpression-name': '#9b46b0', 'vscode-debugTokenExpression-string': '#a31515', 'vscode-debugTokenExpression-number': '#098658', 'vscode-debugTokenExpression-boolean': '#0000ff', 'vscode-debugTokenExpression-value': '#6c6c6ccc',
    'vscode-font-family': 'system-ui, "Segoe UI", sans-serif', 'vscode-font-size': '13px', 'vscode-editor-font-family': 'monospace', 'vscode-editor-font-size': '13px',
  },
  dark: {
    'vscode-foreground': '#cccccc', 'vscode-editor-background': '#1f1f1f', 'vscode-descriptionForeground': '#9d9d9d',
    'vscode-button-background': '#0078d4', 'vscode-button-foreground': '#ffffff', 'vscode-button-hoverBackground': '#026ec1',
    'vscode-button-secondaryBackground': '#313131', 'vscode-button-secondaryForeground': '#cccccc', 'vscode-focusBorder': '#0078d4',
    'vscode-panel-border': '#2b2b2b', 'vscode-editorWidget-background': '#202020', 'vscode-textCodeBlock-background': '#2b2b2b',
    'vscode-charts-red': '#f14c4c', 'vscode-charts-blue': '#3794ff', 'vscode-charts-purple': '#b180d7', 'vscode-charts-green': '#89d185',
    'vscode-charts-yellow': '#cca700', 'vscode-errorForeground': '#f85149', 'vscode-editorWarning-foreground': '#cca700', 'vscode-editorInfo-foreground': '#3794ff',
    'vscode-testing-iconPassed': '#73c991', 'vscode-badge-background': '#616161', 'vscode-badge-foreground': '#f8f8f8',
    'vscode-debugTokenExpression-name': '#c586c0', 'vscode-debugTokenExpression-string': '#ce9178', 'vscode-debugTokenExpression-number': '#b5cea8', 'vscode-debugTokenExpression-boolean': '#4e94ce', 'vscode-debugTokenExpression-value': '#cccccc99',
    'vscode-font-family': 'system-ui, "Segoe UI", sans-serif', 'vscode-font-size': '13px', 'vscode-editor-font-family': 'monospace', 'vscode-editor-font-size': '13px',
  },
  'high-contrast': {
    'vscode-foreground': '#ffffff', 'vscode-editor-background': '#000000', 'vscode-descriptionForeground': '#ffffffb3',
    'vscode-button-background': '#000000', 'vscode-button-foreground': '#ffffff', 'vscode-button-border': '#6fc3df',
    'vscode-button-secondaryBackground': '#000000', 'vscode-button-secondaryForeground': '#ffffff', 'vscode-focusBorder': '#f38518',
    'vscode-contrastBorder': '#6fc3df', 'vscode-contrastActiveBorder': '#f38518', 'vscode-panel-border': '#6fc3df', 'vscode-editorWidget-background': '#0c141f', 'vscode-textCodeBlock-background': '#000000',
    'vscode-charts-red': '#f14c4c', 'vscode-charts-blue': '#3794ff', 'vscode-charts-purple': '#b180d7', 'vscode-charts-green': '#89d185',
    'vscode-charts-yellow': '#ffd700', 'vscode-errorForeground': '#f48771', 'vscode-badge-background': '#000000', 'vscode-badge-foreground': '#ffffff',
    'vscode-debugTokenExpression-name': '#ffffff', 'vscode-debugTokenExpression-string': '#f48771', 'vscode-debugTokenExpression-number': '#89d185', 'vscode-debugTokenExpression-boolean': '#75beff', 'vscode-debugTokenExpression-value': '#ffffff',
    'vscode-font-family': 'system-ui, "Segoe UI", sans-serif', 'vscode-font-size': '13px', 'vscode-editor-font-family': 'monospace', 'vscode-editor-font-size': '13px',
  },
};

const SAMPLES = [...Object.keys(tokens), 'verified-with-diagnosis', 'compare'] as const;

function model(raw: string, signature?: VerifyResult) {
  const decoded = decode(raw);
  const ctx = contextFor(DEFAULT_SETTINGS, now);
  const sigCtx = signature ? { ...ctx, signature: signature.state } : ctx;
  return buildViewModel({
    raw, decoded, findings: check(decoded, sigCtx), ctx, locale: 'en', labels: makeLabels(english),
    trust: { trustedIssuers: [], jwks: [] }, source: { uri: 'file:///work/requests.http', start: 120, end: 120 + raw.length, label: 'requests.http:7' },
    timeZone: 'UTC', signature,
  });
}

/** What the extension would post for each sample, in order. */
function messages(name: string): ToWebview[] {
  if (name in tokens) return [{ type: 'show', model: model(tokens[name]) }];
  if (name === 'compare') {
    const after = tokens.user.replace(/\.[^.]+\./, `.${b64({ ...decode(tokens.user).claims, amr: ['pwd', 'mfa'], iat: s - 60 })}.`);
    return [{ type: 'showCompare', model: buildCompare(decode(tokens.user), decode(after), { labels: makeLabels(english), locale: 'en', leftTitle: 'requests.http:7 (before MFA)', rightTitle: 'requests.http:12 (after MFA)' }) }];
  }
  const sig: VerifyResult = { state: 'valid', reason: 'verified', detail: { source: 'https://login.microsoftonline.com/common/discovery/keys', kid: 'kid-2026-01' } };
  return [
    { type: 'show', model: model(tokens.user, sig) },
    {
      type: 'showDiagnosis',
      diagnosis: {
        title: '401 Unauthorized: diagnosis',
        tone: 'bad',
        labels: diagnosisLabels('en'),
        source: 'partner-center.http:30',
        summary: 'Partner Center refused the token: MFA required.',
        causes: [{ code: 'mfa-missing', confidence: 'high', summary: 'The token carries no proof of MFA', evidence: ['WWW-Authenticate: Bearer error="invalid_token"', 'amr: ["pwd"]'], remedy: 'Sign in again with MFA and get a new refresh token.' }],
      },
    },
  ];
}

async function main(): Promise<void> {
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const problems: string[] = [];
try {
  for (const [themeName, vars] of Object.entries(themes)) {
    for (const name of SAMPLES) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
      page.on('console', (m: { type(): string; text(): string }) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`${themeName}/${name}: ${m.text()}`);
      });
      page.on('pageerror', (e: Error) => problems.push(`${themeName}/${name}: ${e.message}`));
      page.on('dialog', (d: { message(): string; dismiss(): Promise<void> }) => {
        problems.push(`${themeName}/${name}: a dialog opened (${d.message()})`);
        void d.dismiss();
      });
      await page.route(`${ORIGIN}/**`, async (route: { request(): { url(): string }; fulfill(o: object): Promise<void> }) => {
        const p = new URL(route.request().url()).pathname;
        if (p === '/index.html') {
          const html = inspectorHtml({ cspSource: ORIGIN, nonce: 'bm9uY2Vfc2NyZWVuc2hvdA==', scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/media/inspector.css`, lang: 'en', title: 'JWT Inspector' });
          return route.fulfill({ contentType: 'text/html', body: html });
        }
        if (p === '/dist/webview.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(path.join(root, 'dist/webview.js')) });
        if (p === '/media/inspector.css') return route.fulfill({ contentType: 'text/css', body: readFileSync(path.join(root, 'media/inspector.css')) });
        return route.fulfill({ status: 404, body: '' });
      });
      const msgs = messages(name);
      // A string, not a function: tsx would wrap a function with helpers the page does not have.
      const init = `(() => {
        const msgs = ${JSON.stringify(msgs)};
        const vars = ${JSON.stringify(vars)};
        window.__posted = [];
        window.acquireVsCodeApi = () => ({
          postMessage: (m) => { window.__posted.push(m); if (m.type === 'ready') msgs.forEach((x, i) => setTimeout(() => window.postMessage(x, '*'), 10 * i)); },
          getState: () => undefined,
          setState: (st) => { window.__state = st; },
        });
        document.addEventListener('DOMContentLoaded', () => {
          document.body.classList.add('vscode-${themeName}');
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty('--' + k, v);
        });
      })();`;
      await page.addInitScript({ content: init });
      await page.goto(`${ORIGIN}/index.html`);
      await page.waitForSelector(name === 'compare' ? '.compare' : name.startsWith('verified') ? '#diagnosis' : '.cards', { timeout: 5000 }).catch((e: Error) => {
        throw new Error(`${themeName}/${name}: not rendered (${e.message})\n${problems.join('\n')}`);
      });
      const text = await page.locator('body').innerText();
      const imgs = await page.locator('img, svg, script:not([nonce])').count();
      if (imgs > 0) problems.push(`${themeName}/${name}: ${imgs} injected elements`);
      if (name === 'hostile' && !text.includes('<img src=x onerror=alert(1)>')) problems.push(`${themeName}/${name}: hostile text not shown as text`);
      const state = String(await page.evaluate(() => JSON.stringify((window as unknown as { __state: unknown }).__state)));
      if (state.includes('eyJ')) problems.push(`${themeName}/${name}: the token reached setState`);
      const file = path.join(out, `inspector-${name}-${themeName}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
