// Runs the in-host integration suite (test/integration/suite/*.test.ts) inside a real VS Code.
// Usage: node scripts/e2e/run-integration.mjs [--runner auto|code-server|electron] [--grep TEXT]
//   code-server: code-server's VS Code server (--enable-smoke-test-driver) + headless chromium; the page
//                URL's payload carries extensionDevelopmentPath and extensionTestsPath. Works offline.
//   electron:    @vscode/test-electron, for machines that can download VS Code.
//   auto:        code-server when provisioned (scripts/e2e/provision.sh), else electron.
// Starts two loopback stand-ins (two origins) and hands them to the host in JWT_MFA_STAND_IN (JSON: url,
// other, tokens minted now); the first stand-in's origin is an approved replay origin. A second, short pass opens the
// workspace untrusted (workspace trust on, JWT_MFA_IT_UNTRUSTED=1) and runs only the "untrusted" tests. A
// third opens VS Code with its display language set to Japanese (JWT_MFA_IT_LOCALE=ja: `--locale ja` and a
// stub language pack, see vscode.mjs) and runs only the "Japanese locale" tests.
// After each pass, before its throwaway folders go, the secrets sweep (secrets.mjs) scans every log VS Code
// wrote, the server log, the host's output and the replay output channel's lines for a whole token.
// Prints the runner in use and every test's result; exits non-zero when anything fails in the host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { describeLeaks, fixtureTexts, knownSignatures, logFiles, sweep } from './secrets.mjs';
import countsModule from '../../test/reporters/write-counts.cjs';
import { buildStandInAuth, installVsix, STAND_IN_AUTH, STAND_IN_AUTH_VSIX, codeServerVersion, launchBrowser, missingPieces, remote, ROOT, runDirs, startServer, workbenchUrl, writeUserSettings } from './vscode.mjs';

const { writeCounts } = countsModule;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNNER = opt('runner', process.env.JWT_MFA_RUNNER || 'auto');
const GREP = opt('grep', undefined);
const OUT = path.join(ROOT, 'out', 'integration');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspace');
const HOST_TIMEOUT_MS = Number(process.env.JWT_MFA_IT_TIMEOUT_MS || 240_000);

/** Bundles the suite (vscode and mocha stay external) and the extension itself. */
export async function buildIntegration() {
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.config.mjs')], { cwd: ROOT, stdio: 'inherit' });
  fs.rmSync(OUT, { recursive: true, force: true });
  const suite = fs.readdirSync(path.join(ROOT, 'test/integration/suite')).filter((f) => f.endsWith('.test.ts'));
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: ['test/integration/index.ts'], outfile: path.join(OUT, 'index.js'), absWorkingDir: ROOT });
  await esbuild.build({ ...common, entryPoints: suite.map((f) => `test/integration/suite/${f}`), outdir: path.join(OUT, 'suite'), absWorkingDir: ROOT });
  await buildStandInAuth();
  return suite.length;
}

/** Counts from the `[it]` lines, and the lines themselves, echoed as they come. */
function resultCollector() {
  const c = { passed: 0, failed: 0, pending: 0, sawResult: false, lines: [], all: [], console: [] };
  c.feed = (line) => {
    for (const l of String(line).split('\n')) {
      c.all.push(l); // everything the host printed, for the secrets sweep
      if (!l.startsWith('[it]') && !/^\s{6}/.test(l)) continue;
      console.log(`  ${l}`);
      const m = /^\[it\] RESULT passed=(\d+) failed=(\d+) pending=(\d+)/.exec(l);
      if (m) {
        c.passed = Number(m[1]);
        c.failed = Number(m[2]);
        c.pending = Number(m[3]);
        c.sawResult = true;
      }
    }
  };
  /** The counts the host wrote to JWT_MFA_IT_RESULTS (when its console did not reach us). */
  c.readFile = (file) => {
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!c.sawResult) Object.assign(c, { passed: r.passed, failed: r.failed, pending: r.pending, sawResult: true });
    } catch {
      // the host never got to write it
    }
  };
  return c;
}

/** Two stand-ins and the tokens the in-host tests send (test fixtures, minted now). */
async function startStandIns() {
  const { startStandIn, TOKEN_KINDS } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  const a = await startStandIn();
  const b = await startStandIn();
  const tokens = Object.fromEntries(TOKEN_KINDS.map((k) => [k, a.mint(k)]));
  return { env: JSON.stringify({ url: a.url, other: b.url, tokens }), close: () => Promise.all([a.close(), b.close()]), url: a.url, tokens: Object.values(tokens) };
}

/** Settings of every run: the stand-in's host approved for replays (no modal), and per-pass extras. */
// The test-only sign-in provider (test/auth-provider) answers "Get a new token with MFA".
// The stand-in's origin (scheme, host and port) is approved once the stand-ins listen (main()): user settings only.
const replaySettings = { 'jwtMfa.signIn.providerId': 'jwt-mfa-stand-in' };
/** Leaks the secrets sweep found, over all passes (redacted), and the signatures of the run's known tokens. */
const leaks = [];
let signatures = new Set();
let swept = 0;

/** The secrets sweep of one pass: its logs, the host's output, and the replay channel's lines it captured. */
async function sweepPass(label, dirs, results, extra = []) {
  const sources = [
    ...[dirs.ud, dirs.sd, dirs.home, dirs.tmp].flatMap((d) => logFiles(d)).map((file) => ({ file })),
    ...extra.map((file) => ({ file })),
    { name: `${label}: the in-host output`, text: results.all.join('\n') },
    { name: `${label}: the workbench console`, text: results.console.join('\n') },
  ];
  const r = await sweep(sources, { signatures });
  swept += r.scanned;
  for (const l of r.leaks) leaks.push({ ...l, where: l.where.startsWith(dirs.root) ? `${label}: ${path.relative(dirs.root, l.where)}` : l.where });
  console.log(`[integration] secrets sweep (${label}): ${r.scanned} file(s) and outputs, ${r.leaks.length ? `${r.leaks.length} WHOLE TOKEN(S)` : 'no whole token'}`);
}

const untrustedSettings = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false };

async function viaCodeServer(results, { settings: extraSettings = {}, locale, label, env }) {
  console.log(`[integration] runner: code-server ${codeServerVersion()} (VS Code server-main, --enable-smoke-test-driver) driven by playwright-core + headless chromium`);
  const dirs = runDirs('it');
  let server;
  let browser;
  try {
    fs.cpSync(FIXTURES, dirs.ws, { recursive: true });
    writeUserSettings(dirs, { ...replaySettings, ...extraSettings });
    installVsix(dirs, STAND_IN_AUTH_VSIX); // the test-only sign-in provider
    // The pass's variables reach the server and so its extension host.
    Object.assign(dirs.env, env);
    // The host writes the replay output channel's lines here when the suite ends (index.ts).
    dirs.env.JWT_MFA_IT_CAPTURE = path.join(dirs.root, 'replay-output-channel.txt');
    server = await startServer({ mode: 'server-main', dirs, locale });
    console.log(`[integration] server on 127.0.0.1:${server.port} (process group ${server.pid}); log ${server.logFile}`);
    browser = await launchBrowser(dirs);
    const page = browser.pages()[0] ?? (await browser.newPage());
    // The workbench's console (its errors, and extension errors it reports), for the secrets sweep.
    page.on('console', (m) => results.console.push(m.text()));
    page.on('pageerror', (e) => results.console.push(String(e?.stack ?? e)));
    let exited;
    const exit = new Promise((r) => (exited = r));
    await page.exposeFunction('codeAutomationLog', (_type, a) => results.feed(util.format(...(Array.isArray(a) ? a : [a]))));
    await page.exposeFunction('codeAutomationExit', (code) => exited(code));
    await page.goto(
      workbenchUrl(server.port, dirs.ws, [
        ['extensionDevelopmentPath', remote(server.port, ROOT)],
        ['extensionTestsPath', remote(server.port, path.join(OUT, 'index.js'))],
      ]),
    );
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS)));
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.log(`[integration] the extension host did not finish within ${HOST_TIMEOUT_MS} ms`);
      return 1;
    }
    console.log(`[integration] extension host exit code: ${code}`);
    return Number(code);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (server) await sweepPass(label, dirs, results, [server.logFile, dirs.env.JWT_MFA_IT_CAPTURE]);
    if (process.env.JWT_MFA_KEEP_RUN) console.log(`[integration] kept ${dirs.root}`);
    else dirs.cleanup();
  }
}

async function viaElectron(results, { settings: extraSettings = {}, locale, label, env }) {
  const { runTests } = await import('@vscode/test-electron');
  const version = process.env.VSCODE_VERSION || 'stable';
  console.log(`[integration] runner: @vscode/test-electron (VS Code ${version}, downloaded into .vscode-test/)`);
  const dirs = runDirs('it-electron');
  fs.cpSync(FIXTURES, dirs.ws, { recursive: true });
  writeUserSettings(dirs, { ...replaySettings, ...extraSettings });
  const trustArgs = extraSettings['security.workspace.trust.enabled'] ? [] : ['--disable-workspace-trust'];
  if (locale) trustArgs.push('--locale', locale);
  const capture = path.join(dirs.root, 'replay-output-channel.txt');
  // The host's output goes straight to our stdout; the counts come back through JWT_MFA_IT_RESULTS.
  try {
    const code = await runTests({
      version,
      extensionDevelopmentPath: [ROOT, STAND_IN_AUTH],
      extensionTestsPath: path.join(OUT, 'index.js'),
      launchArgs: [dirs.ws, '--disable-extensions', ...trustArgs, '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext],
      extensionTestsEnv: { ...env, JWT_MFA_IT_CAPTURE: capture },
    }).then(
      () => 0,
      (e) => {
        console.log(`[integration] test-electron: ${e?.message ?? e}`);
        return 1;
      },
    );
    return code;
  } finally {
    results.readFile(env.JWT_MFA_IT_RESULTS);
    await sweepPass(label, dirs, results, [capture]);
    dirs.cleanup();
  }
}

/**
 * The passes, in order: each is one VS Code session with its own settings, locale and host variables.
 * `grep` selects the in-host tests of the pass (tests of the untrusted and Japanese passes are defined only
 * when their variable is set); `--grep TEXT` runs the main pass with TEXT, or only the pass whose grep
 * matches TEXT.
 */
const PASSES = [
  { label: 'main', grep: undefined, env: {}, settings: {} },
  { label: 'untrusted', grep: 'untrusted workspace', env: { JWT_MFA_IT_UNTRUSTED: '1' }, settings: untrustedSettings, note: 'the workspace untrusted (security.workspace.trust.enabled)' },
  { label: 'ja', grep: 'Japanese locale', env: { JWT_MFA_IT_LOCALE: 'ja' }, settings: {}, locale: 'ja', note: 'VS Code in Japanese (--locale ja)' },
];

/** The passes `--grep` asks for, with the grep each runs. */
function selectPasses(grep) {
  if (!grep) return PASSES;
  const own = PASSES.filter((p) => p.grep && new RegExp(p.grep.split(' ')[0], 'i').test(grep));
  return own.length ? own : [{ ...PASSES[0], grep }];
}

async function main() {
  const t0 = Date.now();
  const n = await buildIntegration();
  console.log(`[integration] bundled ${n} suite file(s) into ${path.relative(ROOT, OUT)}/`);
  const missing = missingPieces();
  let runner = RUNNER;
  if (runner === 'auto') runner = missing ? 'electron' : 'code-server';
  if (runner === 'code-server' && missing) {
    console.log(`[integration] code-server runner unavailable: ${missing}`);
    process.exitCode = 1;
    writeCounts('integration', { passed: 0, failed: 1 });
    return;
  }
  const standIns = await startStandIns();
  replaySettings['jwtMfa.replay.approvedHosts'] = [new URL(standIns.url).origin];
  console.log(`[integration] stand-ins on ${standIns.url} and a second origin`);
  signatures = await knownSignatures([...fixtureTexts(), ...standIns.tokens]);
  const via = runner === 'electron' ? viaElectron : viaCodeServer;
  const total = { passed: 0, failed: 0, pending: 0 };
  let code = 0;
  try {
    for (const [i, pass] of selectPasses(GREP).entries()) {
      if (pass.note) console.log(`[integration] pass ${i + 1}: ${pass.note}, "${pass.grep}" tests only`);
      const results = resultCollector();
      const resultsFile = path.join(OUT, `results-${pass.label}.json`);
      const env = {
        ...pass.env,
        JWT_MFA_STAND_IN: standIns.env,
        JWT_MFA_IT_RESULTS: resultsFile,
        ...(pass.grep ? { JWT_MFA_IT_GREP: pass.grep } : {}),
      };
      const c = await via(results, { ...pass, env });
      results.readFile(resultsFile);
      // A pass that ran no test has failed: its tests were meant to run.
      if (c !== 0 || !results.sawResult || results.passed === 0) code = code || c || 1;
      total.passed += results.passed;
      total.failed += results.failed;
      total.pending += results.pending;
    }
  } finally {
    await standIns.close();
  }
  if (leaks.length) {
    console.log(`[integration] FAILED: the secrets sweep found ${leaks.length} whole token(s) in what VS Code and the suite wrote (tokens redacted here):\n${describeLeaks(leaks)}`);
    total.failed += 1;
  } else console.log(`[integration] secrets sweep: no whole token in ${swept} log file(s) and outputs`);
  const failedRun = code !== 0 || total.failed > 0 || leaks.length > 0;
  const failed = total.failed || (failedRun ? 1 : 0);
  console.log(`[integration] ${failedRun ? 'FAILED' : 'ok'}: passed=${total.passed} failed=${failed} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  writeCounts('integration', { passed: total.passed, failed, skipped: total.pending });
  process.exitCode = failedRun ? 1 : 0;
}

await main();
