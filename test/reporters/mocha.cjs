// Mocha's spec reporter, plus the run's counts as JSON in JWT_MFA_COUNTS_DIR (when set) for .ci/run.
const Mocha = require('mocha');
const { writeCounts } = require('./write-counts.cjs');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithCounts extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      // Hook failures count in s.failures: a failing before() fails the run.
      writeCounts('unit', { passed: s.passes, failed: s.failures, skipped: s.pending });
    });
  }
}

module.exports = SpecWithCounts;
