// Runs the in-host mocha suite inside VS Code's extension host (the `extensionTestsPath` entry), for
// both runners: code-server's server with the smoke-test driver, and @vscode/test-electron.
// Each result is printed as one `[it]` line, which the runners echo and count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

/** Prints `[it] ✔ title (ms)` / `[it] ✖ title: error` per test and a final `[it] RESULT` line. */
class LineReporter {
  constructor(runner: Mocha.Runner) {
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(EVENT_TEST_PASS, (t) => {
      passed++;
      console.log(`[it] ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (t, err) => {
      failed++;
      const stack = String(err?.stack ?? err).split('\n').slice(0, 8).join('\n      ');
      console.log(`[it] ✖ ${t.fullTitle()}\n      ${stack}`);
    });
    runner.on(EVENT_TEST_PENDING, (t) => {
      pending++;
      console.log(`[it] - ${t.fullTitle()} (pending)`);
    });
    runner.on(EVENT_RUN_END, () => {
      console.log(`[it] RESULT passed=${passed} failed=${failed} pending=${pending}`);
      const file = process.env.JWT_MFA_IT_RESULTS;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed, pending }));
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: LineReporter as unknown as typeof Mocha.reporters.Base });
  const grep = process.env.JWT_MFA_IT_GREP;
  if (grep) mocha.grep(grep);
  const dir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      captureReplayOutput();
      if (failures) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
  });
}

/** Hands the replay output channel's lines (as the extension kept them) to the runner's secrets sweep. */
function captureReplayOutput(): void {
  const file = process.env.JWT_MFA_IT_CAPTURE;
  if (!file) return;
  const api = vscode.extensions.getExtension<{ replay?: { output: { lines(): readonly string[] } } }>('jwt-mfa.jwt-mfa-inspector');
  const lines = api?.isActive ? (api.exports.replay?.output.lines() ?? []) : [];
  // The sweep reads this file before the run's throwaway folder is deleted.
  fs.writeFileSync(file, lines.join('\n'));
  console.log(`[it] replay output channel: ${lines.length} line(s) handed to the secrets sweep`);
}
