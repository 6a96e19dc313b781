// Writes one runner's counts as JSON into JWT_MFA_COUNTS_DIR (when set), one file per run, for .ci/run.
const fs = require('node:fs');
const path = require('node:path');

function writeCounts(runner, { passed, failed, skipped = 0 }) {
  const dir = process.env.JWT_MFA_COUNTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${runner}-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify({ runner, passed, failed, skipped }) + '\n');
}

module.exports = { writeCounts };
