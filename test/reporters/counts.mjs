// A node:test reporter that prints nothing and, when JWT_MFA_COUNTS_DIR is set, writes this run's counts
// there as JSON ({ runner, passed, failed, skipped }) for .ci/run to add up: machine-readable counts rather
// than scraped text. Used beside the spec reporter:
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//               --test-reporter=./test/reporters/counts.mjs --test-reporter-destination=stdout …
import counts_ from './write-counts.cjs';

const { writeCounts } = counts_;

/** Which suite this is, from the files the runner was given (test/e2e, test/smoke). */
function label() {
  if (process.env.JWT_MFA_COUNTS_LABEL) return process.env.JWT_MFA_COUNTS_LABEL;
  const dir = process.argv.map((a) => /test\/(\w+)\//.exec(a)?.[1]).find(Boolean);
  return dir ?? 'node-test';
}

export default async function* counts(source) {
  const c = { passed: 0, failed: 0, skipped: 0 };
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    if (ev.data.details?.type === 'suite') continue; // a describe(): its tests count, not it
    // A skipped or todo test counts as skipped whether it passed or failed (node:test does not fail a run on
    // a failing todo); every other failure counts, cancellations and a file that failed to load included.
    if (ev.data.skip || ev.data.todo) c.skipped++;
    else if (ev.type === 'test:fail') c.failed++;
    else c.passed++;
  }
  writeCounts(label(), c);
  yield '';
}
